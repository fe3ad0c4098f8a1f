// Go's string literal rules: `strconv.Quote` for output, `strconv.Unquote` for template literals.

/// Quotes `text` as Go's `strconv.Quote` (and `%q`) does.
func goQuote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            if isGoPrintable(scalar) {
                out.unicodeScalars.append(scalar)
            } else if scalar.value < 0x80 {
                out += "\\x" + hexDigits(scalar.value, width: 2)
            } else if scalar.value < 0x10000 {
                out += "\\u" + hexDigits(scalar.value, width: 4)
            } else {
                out += "\\U" + hexDigits(scalar.value, width: 8)
            }
        }
    }
    return out + "\""
}

func hexDigits(_ value: UInt32, width: Int, uppercase: Bool = false) -> String {
    let digits = String(value, radix: 16, uppercase: uppercase)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// An approximation of Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and
/// the ASCII space.
func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == " " { return true }
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
         .spaceSeparator:
        return false
    default:
        return true
    }
}

/// Unquotes a Go interpreted (`"…"`) or raw (`` `…` ``) string literal; nil when malformed.
func unquoteGoString(_ literal: String) -> String? {
    let scalars = Array(literal.unicodeScalars)
    guard scalars.count >= 2, let first = scalars.first, first == scalars.last else { return nil }
    let body = scalars[1..<(scalars.count - 1)]
    if first == "`" {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: body.filter { $0 != "\r" })
        return String(out)
    }
    guard first == "\"" else { return nil }
    return unescapeGo(Array(body), quote: "\"")
}

/// The rune of a Go character literal such as `'a'` or `'\n'`.
func unquoteGoChar(_ literal: String) -> Unicode.Scalar? {
    let scalars = Array(literal.unicodeScalars)
    guard scalars.count >= 3, scalars.first == "'", scalars.last == "'" else { return nil }
    guard let text = unescapeGo(Array(scalars[1..<(scalars.count - 1)]), quote: "'") else { return nil }
    let result = Array(text.unicodeScalars)
    return result.count == 1 ? result[0] : nil
}

private func unescapeGo(_ body: [Unicode.Scalar], quote: Unicode.Scalar) -> String? {
    var bytes: [UInt8] = []
    var index = 0
    func appendScalar(_ scalar: Unicode.Scalar) { bytes.append(contentsOf: Array(String(scalar).utf8)) }
    func hexValue(_ count: Int) -> UInt32? {
        guard index + count <= body.count else { return nil }
        guard let value = UInt32(String(String.UnicodeScalarView(body[index..<(index + count)])), radix: 16) else {
            return nil
        }
        index += count
        return value
    }
    while index < body.count {
        let scalar = body[index]
        index += 1
        if scalar == quote || scalar == "\n" { return nil }
        guard scalar == "\\" else {
            appendScalar(scalar)
            continue
        }
        guard index < body.count else { return nil }
        let escape = body[index]
        index += 1
        switch escape {
        case "a": bytes.append(0x07)
        case "b": bytes.append(0x08)
        case "f": bytes.append(0x0C)
        case "n": bytes.append(0x0A)
        case "r": bytes.append(0x0D)
        case "t": bytes.append(0x09)
        case "v": bytes.append(0x0B)
        case "\\": bytes.append(0x5C)
        case "'", "\"":
            guard escape == quote else { return nil }
            appendScalar(escape)
        case "x":
            guard let value = hexValue(2) else { return nil }
            bytes.append(UInt8(value))
        case "u", "U":
            guard let value = hexValue(escape == "u" ? 4 : 8), let decoded = Unicode.Scalar(value) else { return nil }
            appendScalar(decoded)
        case "0"..."7":
            guard index + 2 <= body.count,
                let value = UInt32(String(String.UnicodeScalarView(body[(index - 1)..<(index + 2)])), radix: 8),
                value < 256
            else { return nil }
            index += 2
            bytes.append(UInt8(value))
        default:
            return nil
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
