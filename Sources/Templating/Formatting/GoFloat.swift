import Foundation

/// Formats floats as Go's `strconv.FormatFloat` and `fmt` do.
public enum GoFloat {
    /// The shortest decimal digits that round-trip, and the decimal point position: 0.25 → ("25", 0).
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], pointPosition: Int) {
        // Swift's description is the shortest round-trip form too; only its layout differs from Go's.
        var text = Substring(abs(value).description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        for character in text.utf8 {
            if character == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(character)
            if !seenPoint { point += 1 }
        }
        while let first = digits.first, first == UInt8(ascii: "0"), digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0"), digits.count > 1 { digits.removeLast() }
        if digits == [UInt8(ascii: "0")] { return (digits, 1) }
        return (digits, point + exponent)
    }

    /// Go's `%v` for a float64: `0.1`, `1e+06`, `3.3333333333333335`, `+Inf`, `NaN`.
    static func shortest(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0" }
        let (digits, point) = shortestDigits(value)
        let exponent = point - 1
        // Go's %v is strconv's shortest 'g', which switches to exponent form outside [-4, 6).
        if exponent < -4 || exponent >= 6 { return sign + exponential(digits, exponent: exponent) }
        return sign + fixed(digits, point: point)
    }

    private static func exponential(_ digits: [UInt8], exponent: Int) -> String {
        var text = String(decoding: digits.prefix(1), as: UTF8.self)
        if digits.count > 1 { text += "." + String(decoding: digits.dropFirst(), as: UTF8.self) }
        let magnitude = abs(exponent)
        return text + (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }

    private static func fixed(_ digits: [UInt8], point: Int) -> String {
        let text = String(decoding: digits, as: UTF8.self)
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + text }
        if point >= digits.count { return text + String(repeating: "0", count: point - digits.count) }
        let split = text.index(text.startIndex, offsetBy: point)
        return String(text[..<split]) + "." + String(text[split...])
    }

    /// `%e`, `%f` or `%g` with an explicit precision, correctly rounded; `verb` is one of "eEfFgG".
    /// Signs, infinities and NaN follow Go (`+Inf`, `NaN`).
    static func format(_ value: Double, verb: Character, precision: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let cVerb = verb == "F" ? "f" : String(verb)
        return String(format: "%.\(precision)\(cVerb)", value)
    }

    /// `%g`/`%G`/`%e`/`%E` without precision: shortest digits in that form.
    public static func shortest(_ value: Double, verb: Character) -> String {
        switch verb {
        case "e", "E":
            if value.isNaN || value.isInfinite { return shortest(value) }
            let sign = value.sign == .minus ? "-" : ""
            let (digits, point) = shortestDigits(value)
            let text = sign + exponential(digits, exponent: value == 0 ? 0 : point - 1)
            return verb == "E" ? text.uppercased() : text
        case "G":
            return shortest(value).replacingOccurrences(of: "e", with: "E")
        default:
            return shortest(value)
        }
    }
}
