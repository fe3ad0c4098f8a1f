/// Float formatting compatible with Go's `strconv.FormatFloat(f, 'g'|'f', -1, 64)`, which
/// Prometheus uses for label values (`count_values`) and messages.
enum GoFloatFormat {
    /// Shortest round-trip decimal digits of |value| and the decimal point position
    /// (value = 0.d1d2d3... × 10^point).
    static func digits(_ value: Double) -> (digits: [UInt8], point: Int) {
        let text = "\(abs(value))"
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        var exponent = 0
        var parts = text.split(separator: "e", maxSplits: 1)
        if parts.count == 2 { exponent = Int(parts[1]) ?? 0 } else { parts = [Substring(text)] }
        for c in parts[0].utf8 {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            digits.append(c - 48)
            if !seenPoint { point += 1 }
        }
        // Strip leading zeros.
        while let first = digits.first, first == 0, digits.count > 1 { digits.removeFirst(); point -= 1 }
        while let last = digits.last, last == 0, digits.count > 1 { digits.removeLast() }
        if digits == [0] { return ([0], 1) }
        return (digits, point + exponent)
    }

    static func format(_ value: Double, mode: Character) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        let sign = value.sign == .minus && value != 0 ? "-" : (value == 0 && value.sign == .minus ? "-" : "")
        let (d, point) = digits(value)
        if d == [0] { return sign + "0" }
        let exp = point - 1
        if mode == "g", exp < -4 || exp >= 21 {
            var out = sign + String(d[0])
            if d.count > 1 { out += "." + d.dropFirst().map(String.init).joined() }
            out += exp < 0 ? "e-" : "e+"
            let magnitude = abs(exp)
            out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
            return out
        }
        var out = sign
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + d.map(String.init).joined()
        } else if point >= d.count {
            out += d.map(String.init).joined() + String(repeating: "0", count: point - d.count)
        } else {
            out += d[0..<point].map(String.init).joined() + "." + d[point...].map(String.init).joined()
        }
        return out
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` except exponents start at 1e21 as in `%v`.
func formatGoFloat(_ value: Double) -> String { GoFloatFormat.format(value, mode: "g") }
