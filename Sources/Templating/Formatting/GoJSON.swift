import Foundation

/// Go's `encoding/json.Marshal` over template values, as Alertmanager's `toJson` uses it: sorted
/// map keys, HTML-safe string escapes, Go's float forms, struct fields under their JSON names.
enum GoJSON {
    static func encode(_ value: TemplateValue) throws -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .duration(let nanoseconds): return String(nanoseconds)
        case .float(let number): return try float(number)
        case .string(let text): return string(text)
        case .time(let time): return string(time.format(goLayout: "2006-01-02T15:04:05.999999999Z07:00"))
        case .list(let list):
            return "[" + (try list.elements.map(encode)).joined(separator: ",") + "]"
        case .map(let map):
            let members = try map.sortedKeys.map { key in string(key) + ":" + (try encode(map.entries[key] ?? .null)) }
            return "{" + members.joined(separator: ",") + "}"
        case .object(let object):
            let members = try object.fieldOrder.map { name in
                string(object.type.jsonNames[name] ?? name) + ":" + (try encode(object.fields[name] ?? .null))
            }
            return "{" + members.joined(separator: ",") + "}"
        case .function(let function):
            throw TemplateFunctionError("json: unsupported type: \(function.typeName)")
        }
    }

    /// Go formats floats with 'f' unless tiny or huge, then 'e' without a leading exponent zero.
    private static func float(_ number: Double) throws -> String {
        guard number.isFinite else {
            throw TemplateFunctionError("json: unsupported value: \(GoFloat.shortest(number))")
        }
        let magnitude = abs(number)
        guard magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 else {
            let (digits, point) = GoFloat.shortestDigits(number)
            let text = String(decoding: digits, as: UTF8.self)
            let sign = number < 0 ? "-" : ""
            if number == 0 { return sign + "0" }
            if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + text }
            if point >= digits.count { return sign + text + String(repeating: "0", count: point - digits.count) }
            let split = text.index(text.startIndex, offsetBy: point)
            return sign + text[..<split] + "." + text[split...]
        }
        var text = GoFloat.shortest(number, verb: "e")
        if let range = text.range(of: "e-0"), text.distance(from: range.upperBound, to: text.endIndex) == 1 {
            text.replaceSubrange(range, with: "e-")  // Go writes 1e-7, not 1e-07
        }
        return text
    }

    private static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += "\\u" + hexDigits(scalar.value, width: 4)
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + hexDigits(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
