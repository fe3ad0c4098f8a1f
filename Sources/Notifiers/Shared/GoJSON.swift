/// A JSON value whose objects keep their keys in the order given, encoded byte for byte as Go's
/// `encoding/json` encodes Alertmanager's structs: struct fields in declaration order, map keys
/// sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped, and a trailing newline (`json.Encoder`).
enum GoJSON: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([GoJSON])
    /// Members in output order; a Go struct. Use `map(_:)` for a Go map (sorted keys).
    case object([(String, GoJSON)])

    static func == (lhs: GoJSON, rhs: GoJSON) -> Bool { lhs.encoded() == rhs.encoded() }
    func hash(into hasher: inout Hasher) { hasher.combine(encoded()) }

    /// A Go `map[string]string`: keys sorted by byte order.
    static func map(_ dictionary: [String: String]) -> GoJSON {
        .object(
            dictionary.sorted { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }.map {
                ($0.key, .string($0.value))
            })
    }

    /// The bytes `json.NewEncoder(w).Encode(v)` writes, newline included.
    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// Appends the compact encoding (no trailing newline) to `out`.
    func append(to out: inout [UInt8]) {
        switch self {
        case .string(let text): GoJSON.appendString(text, to: &out)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.append(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                GoJSON.appendString(member.0, to: &out)
                out.append(UInt8(ascii: ":"))
                member.1.append(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: #"\""#.utf8)
            case "\\": out.append(contentsOf: #"\\"#.utf8)
            case "\n": out.append(contentsOf: #"\n"#.utf8)
            case "\r": out.append(contentsOf: #"\r"#.utf8)
            case "\t": out.append(contentsOf: #"\t"#.utf8)
            case "\u{08}": out.append(contentsOf: #"\b"#.utf8)
            case "\u{0C}": out.append(contentsOf: #"\f"#.utf8)
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                appendUnicodeEscape(scalar.value, to: &out)
            default:
                if scalar.value < 0x20 {
                    appendUnicodeEscape(scalar.value, to: &out)
                } else {
                    out.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendUnicodeEscape(_ value: UInt32, to out: inout [UInt8]) {
        out.append(contentsOf: #"\u"#.utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}

extension Array where Element == (String, GoJSON) {
    /// Appends `key` only when `value` is not empty: Go's `omitempty` on a string field.
    mutating func appendOmittingEmpty(_ key: String, _ value: String) {
        if !value.isEmpty { append((key, .string(value))) }
    }
}
