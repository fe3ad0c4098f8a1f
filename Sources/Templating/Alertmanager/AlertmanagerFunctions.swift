import Foundation
public import VigilCore

extension FunctionTable {
    /// Alertmanager's template functions (`DefaultFuncs` in its `template/template.go`, 0.34):
    /// `toUpper toLower title trimSpace join match safeHtml safeUrl urlUnescape reReplaceAll
    /// stringSlice date tz since humanizeDuration now toDate mustToDate toJson base64encode
    /// base64decode list append dict`. Not provided: `routeLabels` (needs the route being notified).
    ///
    /// - Parameter clock: the "now" `since` measures from.
    public static func alertmanager(clock: any Clock) -> FunctionTable {
        var table = FunctionTable()
        table.register("toUpper", stringFunction { $0.uppercased() })
        table.register("toLower", stringFunction { $0.lowercased() })
        table.register("title", stringFunction(GoStrings.titleCased))
        table.register("trimSpace", stringFunction(GoStrings.trimSpace))
        table.register("safeHtml", stringFunction { $0 })
        table.register("safeUrl", stringFunction { $0 })
        table.register("urlUnescape", TemplateFunction(arity: 1) { arguments, _ in
            .string(try GoStrings.queryUnescape(try arguments.string(at: 0)))
        })
        table.register("join", TemplateFunction(arity: 2) { arguments, _ in
            let separator = try arguments.string(at: 0)
            return .string(try arguments.stringList(at: 1).joined(separator: separator))
        })
        table.register("match", matchFunction)
        table.register("reReplaceAll", reReplaceAllFunction)
        table.register("stringSlice", TemplateFunction(minimumArguments: 0, maximumArguments: nil) { arguments, _ in
            var strings: [String] = []
            for index in arguments.indices { strings.append(try arguments.string(at: index)) }
            return .stringList(strings)
        })
        table.register("date", TemplateFunction(arity: 2) { arguments, _ in
            let layout = try arguments.string(at: 0)
            return .string(try time(arguments, at: 1).format(goLayout: layout))
        })
        table.register("tz", TemplateFunction(arity: 2) { arguments, _ in
            let name = try arguments.string(at: 0)
            var moment = try time(arguments, at: 1)
            guard let zone = name.isEmpty || name == "UTC" ? TimeZone(identifier: "UTC") : TimeZone(identifier: name)
            else { throw TemplateFunctionError("unknown time zone \(name)") }
            moment.timeZone = zone
            return .time(moment)
        })
        table.register("since", TemplateFunction(arity: 1) { arguments, _ in
            let start = try time(arguments, at: 0)
            let seconds = clock.now().timeIntervalSince(start.date)
            return .duration(Int64((seconds * 1e9).rounded()))
        })
        table.register("humanizeDuration", humanizeDurationFunction)
        return table.merging(recentAlertmanagerFunctions(clock: clock))
    }

    static func stringFunction(_ transform: @escaping @Sendable (String) -> String) -> TemplateFunction {
        TemplateFunction(arity: 1) { arguments, _ in .string(transform(try arguments.string(at: 0))) }
    }

    static let matchFunction = TemplateFunction(arity: 2) { arguments, _ in
        .bool(try GoRegex.matches(try arguments.string(at: 0), try arguments.string(at: 1)))
    }

    static let reReplaceAllFunction = TemplateFunction(arity: 3) { arguments, _ in
        let pattern = try arguments.string(at: 0)
        let replacement = try arguments.string(at: 1)
        return .string(try GoRegex.replaceAll(pattern, in: try arguments.string(at: 2), with: replacement))
    }

    static let humanizeDurationFunction = TemplateFunction(arity: 1) { arguments, _ in
        .string(Humanize.duration(try convertToFloat(arguments[0])))
    }

    private static func time(_ arguments: [TemplateValue], at index: Int) throws -> TemplateTime {
        guard case .time(let moment) = arguments[index] else {
            var error = TemplateFunctionError.wrongType(expected: "time.Time", got: arguments[index])
            error.argumentIndex = index
            throw error
        }
        return moment
    }
}
