/// The value of a Go number literal in a template: an `int` unless the text is a decimal with a
/// fraction or exponent (`1.5`, `1e3`), as Go's `idealConstant` decides; nil when malformed.
func parseGoNumber(_ text: String) -> TemplateValue? {
    var body = Substring(text)
    var negative = false
    if let sign = body.first, sign == "+" || sign == "-" {
        negative = sign == "-"
        body = body.dropFirst()
    }
    guard !body.isEmpty, !body.hasSuffix("i") else { return nil }  // complex constants are not supported
    var radix = 10
    let lower = body.lowercased()
    if lower.hasPrefix("0x") {
        radix = 16
    } else if lower.hasPrefix("0o") {
        radix = 8
    } else if lower.hasPrefix("0b") {
        radix = 2
    }
    if radix != 10 { body = body.dropFirst(2) }
    if radix == 10, body.count > 1, body.first == "0", body.allSatisfy({ $0 >= "0" && $0 <= "9" }) {
        // Legacy octal such as 0755; Go rejects 08 and 09 (reporting them as overflowing).
        guard body.allSatisfy({ $0 <= "7" }) else { return nil }
        radix = 8
        body = body.dropFirst()
    }
    // Go accepts "_" only between digits (with base prefixes); we accept it anywhere inside.
    if body.hasPrefix("_") || body.hasSuffix("_") { return nil }
    let digits = body.replacingOccurrences("_", "")
    if let magnitude = Int(digits, radix: radix) {
        return .int(negative ? -magnitude : magnitude)
    }
    if radix == 16, digits.contains(where: { "pP".contains($0) }), let value = Double("0x" + digits), value.isFinite {
        return .float(negative ? -value : value)  // a hexadecimal float such as 0x1p4
    }
    let isFloatText = radix == 10 && digits.contains(where: { ".eE".contains($0) })
    guard isFloatText, let value = Double(digits), value.isFinite else { return nil }
    return .float(negative ? -value : value)
}

extension StringProtocol {
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
