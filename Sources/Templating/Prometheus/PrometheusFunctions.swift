import Foundation
import VigilCore

extension FunctionTable {
    /// Prometheus's template functions (`template/template.go`, v2.42): queries, sample accessors,
    /// `humanize*`, `toTime`, string helpers and links. `tmpl` is in ``prometheusConsole``.
    ///
    /// - Parameter context: supplies `query`, `externalURL` and `pathPrefix`.
    public static func prometheus(context: PrometheusTemplateContext) -> FunctionTable {
        var table = FunctionTable()
        table.register("query", TemplateFunction(arity: 1) { arguments, _ in
            let expression = try arguments.string(at: 0)
            let samples: [PrometheusSample]
            do {
                samples = try context.query(expression)
            } catch let error as TemplateFunctionError {
                throw error
            } catch {
                throw TemplateFunctionError("\(error)")
            }
            return .list(TemplateList(samples.map(\.templateValue), type: PrometheusSample.resultType))
        })
        table.register("first", TemplateFunction(arity: 1) { arguments, _ in
            guard case .list(let list) = arguments[0] else {
                var error = TemplateFunctionError.wrongType(expected: "template.queryResult", got: arguments[0]); error.argumentIndex = 0; throw error
            }
            guard let first = list.elements.first else {
                throw TemplateFunctionError("first() called on vector with no elements")
            }
            return first
        })
        table.register("label", TemplateFunction(arity: 2) { arguments, _ in
            let name = try arguments.string(at: 0)
            guard case .map(let labels) = try sampleField(arguments, 1, "Labels") else { return .string("") }
            return labels.entries[name] ?? .string("")
        })
        table.register("value", TemplateFunction(arity: 1) { arguments, _ in try sampleField(arguments, 0, "Value") })
        table.register("strvalue", TemplateFunction(arity: 1) { arguments, _ in
            guard case .map(let labels) = try sampleField(arguments, 0, "Labels") else { return .string("") }
            return labels.entries["__value__"] ?? .string("")
        })
        table.register("sortByLabel", TemplateFunction(arity: 2) { arguments, _ in
            let name = try arguments.string(at: 0)
            guard case .list(var list) = arguments[1] else {
                var error = TemplateFunctionError.wrongType(expected: "template.queryResult", got: arguments[1]); error.argumentIndex = 1; throw error
            }
            func key(_ sample: TemplateValue) -> String {
                guard case .object(let object) = sample, case .map(let labels)? = object.fields["Labels"] else { return "" }
                return labels.entries[name]?.stringValue ?? ""
            }
            // Stable, as Go's sort.Stable.
            list.elements = list.elements.enumerated().sorted { lhs, rhs in
                let (a, b) = (key(lhs.element), key(rhs.element))
                return a == b ? lhs.offset < rhs.offset : goLess(a, b)
            }.map(\.element)
            return .list(list)
        })
        table.register("args", TemplateFunction(minimumArguments: 0, maximumArguments: nil) { arguments, _ in
            var entries: [String: TemplateValue] = [:]
            for (index, argument) in arguments.enumerated() { entries["arg\(index)"] = argument }
            return .map(TemplateMap(entries))
        })
        table.register("reReplaceAll", reReplaceAllFunction)
        table.register("match", matchFunction)
        table.register("safeHtml", stringFunction { $0 })
        table.register("title", stringFunction(GoStrings.title))
        table.register("toUpper", stringFunction { $0.uppercased() })
        table.register("toLower", stringFunction { $0.lowercased() })
        table.register("graphLink", stringFunction { "/graph?g0.expr=\(Escaping.queryComponent($0))&g0.tab=0" })
        table.register("tableLink", stringFunction { "/graph?g0.expr=\(Escaping.queryComponent($0))&g0.tab=1" })
        table.register("stripPort", stringFunction(HostPort.stripPort))
        table.register("stripDomain", stringFunction(HostPort.stripDomain))
        table.register("humanize", numberFunction(Humanize.number))
        table.register("humanize1024", numberFunction(Humanize.binary))
        table.register("humanizeDuration", humanizeDurationFunction)
        table.register("humanizePercentage", numberFunction(Humanize.percentage))
        table.register("humanizeTimestamp", TemplateFunction(arity: 1) { arguments, _ in
            let seconds = try convertToFloat(arguments[0])
            if seconds.isNaN || seconds.isInfinite { return .string(GoPrintf.format("%.4g", [.float(seconds)])) }
            return .string(try timeFromSeconds(seconds).goDescription)
        })
        table.register("toTime", TemplateFunction(arity: 1) { arguments, _ in
            let seconds = try convertToFloat(arguments[0])
            if seconds.isNaN || seconds.isInfinite { throw TemplateFunctionError("value is NaN or Inf") }
            return .time(try timeFromSeconds(seconds))
        })
        table.register("pathPrefix", TemplateFunction(arity: 0) { _, _ in .string(context.externalURL?.path ?? "") })
        table.register("externalURL", TemplateFunction(arity: 0) { _, _ in
            .string(context.externalURL?.absoluteString ?? "")
        })
        table.register("parseDuration", TemplateFunction(arity: 1) { arguments, _ in
            let text = try arguments.string(at: 0)
            do throws(PromDurationError) {
                return .float(try PromDurationBridge.seconds(text))
            } catch {
                throw TemplateFunctionError(error.message)
            }
        })
        return table
    }

    /// `tmpl NAME DATA`: renders another template of the set. Prometheus defines it only for
    /// console (HTML) templates, not for alert templates; merge this table to allow it.
    public static var prometheusConsole: FunctionTable {
        var table = FunctionTable()
        table.register("tmpl", TemplateFunction(arity: 2) { arguments, context in
            .string(try context.executeTemplate(try arguments.string(at: 0), data: arguments[1]))
        })
        return table
    }

    private static func numberFunction(_ format: @escaping @Sendable (Double) -> String) -> TemplateFunction {
        TemplateFunction(arity: 1) { arguments, _ in .string(format(try convertToFloat(arguments[0]))) }
    }

    private static func sampleField(_ arguments: [TemplateValue], _ index: Int, _ field: String) throws -> TemplateValue {
        guard case .object(let object) = arguments[index], let value = object.fields[field] else {
            var error = TemplateFunctionError.wrongType(expected: "*template.sample", got: arguments[index])
            error.argumentIndex = index
            throw error
        }
        return value
    }

    /// Prometheus's `floatToTime`: seconds to a UTC time truncated to milliseconds.
    private static func timeFromSeconds(_ seconds: Double) throws -> TemplateTime {
        let nanoseconds = seconds * 1e9
        guard nanoseconds < 9.223372036854775807e18, nanoseconds >= -9.223372036854775808e18 else {
            throw TemplateFunctionError(
                "\(GoFloat.shortest(seconds)) cannot be represented as a nanoseconds timestamp since it overflows int64")
        }
        let milliseconds = Int64(nanoseconds) / 1_000_000
        return TemplateTime(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
