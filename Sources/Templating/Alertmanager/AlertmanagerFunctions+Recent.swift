import Foundation
import VigilCore

extension FunctionTable {
    /// Functions Alertmanager added after 0.25 (present in 0.34): `now toDate mustToDate toJson
    /// base64encode base64decode list append dict`. Merged into ``alertmanager(clock:)``.
    static func recentAlertmanagerFunctions(clock: any Clock) -> FunctionTable {
        var table = FunctionTable()
        table.register("now", TemplateFunction(arity: 0) { _, _ in .time(clock.now()) })
        table.register("toDate", TemplateFunction(arity: 2) { arguments, _ in
            let (layout, text) = (try arguments.string(at: 0), try arguments.string(at: 1))
            do throws(GoTimeParseError) {
                return .time(try GoTimeLayout.parse(text, layout: layout))
            } catch {
                return .time(Date(timeIntervalSince1970: -62_135_596_800))  // Go's zero time
            }
        })
        table.register("mustToDate", TemplateFunction(arity: 2) { arguments, _ in
            let (layout, text) = (try arguments.string(at: 0), try arguments.string(at: 1))
            do throws(GoTimeParseError) {
                return .time(try GoTimeLayout.parse(text, layout: layout))
            } catch {
                throw TemplateFunctionError(error.message)
            }
        })
        table.register("toJson", TemplateFunction(arity: 1) { arguments, _ in .string(try GoJSON.encode(arguments[0])) })
        table.register("base64encode", stringFunction { text in
            Data(text.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        })
        table.register("base64decode", TemplateFunction(arity: 1) { arguments, _ in
            let text = try arguments.string(at: 0)
            let standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            guard !text.contains("+"), !text.contains("/"), let data = Data(base64Encoded: standard) else {
                throw TemplateFunctionError("illegal base64 data at input byte \(firstBadBase64Byte(text))")
            }
            return .string(String(decoding: data, as: UTF8.self))
        })
        table.register("list", TemplateFunction(minimumArguments: 0, maximumArguments: nil) { arguments, _ in
            .list(arguments)
        })
        table.register("append", TemplateFunction(minimumArguments: 1, maximumArguments: nil) { arguments, _ in
            guard case .list(var list) = arguments[0], list.type.name == TemplateType.interfaceList.name else {
                var error = TemplateFunctionError.wrongType(expected: "[]interface {}", got: arguments[0])
                error.argumentIndex = 0
                throw error
            }
            list.elements += arguments.dropFirst()
            return .list(list)
        })
        table.register("dict", TemplateFunction(minimumArguments: 0, maximumArguments: nil) { arguments, _ in
            guard arguments.count % 2 == 0 else { throw TemplateFunctionError("dict requires an even number of arguments") }
            var entries: [String: TemplateValue] = [:]
            for index in stride(from: 0, to: arguments.count, by: 2) {
                guard case .string(let key) = arguments[index] else { throw TemplateFunctionError("dict keys must be strings") }
                entries[key] = arguments[index + 1]
            }
            return .map(TemplateMap(entries))
        })
        return table
    }

    /// Where Go's URL-safe base64 decoder gives up: the first byte outside the alphabet, or the length.
    private static func firstBadBase64Byte(_ text: String) -> Int {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for (offset, byte) in text.utf8.enumerated() where !alphabet.contains(byte) && byte != UInt8(ascii: "=") {
            return offset
        }
        return text.utf8.count
    }
}
