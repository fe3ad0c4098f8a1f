/// Number parsing on raw bytes, without building Strings on the common paths.
enum NumberParsing {
    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A sample value: a decimal float (`1`, `-2.5`, `.5`, `1e-3`, `6.02E23`), `NaN`, or an
    /// infinity (`+Inf`, `-Inf`, `Inf`, any case, also `Infinity`); no hex, no underscores.
    static func parseDouble(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        guard start < end else { return nil }
        var i = start
        var negative = false
        if p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return nil }
        let first = p[i] | 0x20
        if first == UInt8(ascii: "n") || first == UInt8(ascii: "i") {
            return parseSpecial(p, i, end, negative: negative, signed: i > start)
        }
        // Fast path: at most 19 significant digits, |exponent| <= 22, mantissa <= 2^53: exact.
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        var overflowDigits = false
        while i < end, p[i] &- 48 < 10 {
            sawDigit = true
            if mantissa == 0 && p[i] == 48 { i += 1; continue }
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); digits += 1 } else { overflowDigits = true; exponent += 1 }
            i += 1
        }
        if i < end, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, p[i] &- 48 < 10 {
                sawDigit = true
                if mantissa == 0 && p[i] == 48 { exponent -= 1; i += 1; continue }
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); digits += 1; exponent -= 1 } else { overflowDigits = true }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < end, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < end, p[i] &- 48 < 10 else { return nil }
            var explicit = 0
            while i < end, p[i] &- 48 < 10 {
                if explicit < 100_000 { explicit = explicit * 10 + Int(p[i] &- 48) }
                i += 1
            }
            exponent += expNegative ? -explicit : explicit
        }
        guard i == end else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !overflowDigits, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let value = exponent >= 0 ? m * exactPowersOfTen[exponent] : m / exactPowersOfTen[-exponent]
            return negative ? -value : value
        }
        // Slow path (correctly rounded by the standard library); the syntax was checked above.
        let text = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
        return Double(text)
    }

    private static func parseSpecial(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, negative: Bool, signed: Bool) -> Double? {
        func matches(_ word: StaticString) -> Bool {
            guard end - start == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<word.utf8CodeUnitCount where p[start + k] | 0x20 != w[k] { return false }
            return true
        }
        if matches("nan") { return signed ? nil : .nan }
        if matches("inf") || matches("infinity") { return negative ? -.infinity : .infinity }
        return nil
    }

    /// An optionally signed decimal integer that fits in Int64.
    static func parseInt64(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        var negative = false
        if i < end, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return nil }
        var value: Int64 = 0
        while i < end {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    /// Seconds (`1712345678`, `1712345678.123`, `-1.5`, `1.7e9`) as milliseconds, rounded half
    /// away from zero at the millisecond; nil when malformed or out of range.
    static func parseSecondsAsMilliseconds(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        var negative = false
        if i < end, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        let intStart = i
        while i < end, p[i] &- 48 < 10 { i += 1 }
        let intEnd = i
        var fraction: Int64 = 0   // milliseconds from the first three fraction digits
        var roundUp = false
        var fractionDigits = 0
        if i < end, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, p[i] &- 48 < 10 {
                if fractionDigits < 3 { fraction = fraction * 10 + Int64(p[i] &- 48) } else if fractionDigits == 3 { roundUp = p[i] >= 53 }
                fractionDigits += 1
                i += 1
            }
        }
        if i < end {
            // Exponent forms: through Double (exact enough for any real timestamp).
            guard let seconds = parseDouble(p, start, end), seconds.isFinite,
                  abs(seconds) < 9.2e15 else { return nil }
            return Int64((seconds * 1000).rounded())
        }
        guard intEnd > intStart || fractionDigits > 0 else { return nil }
        var whole: Int64 = 0
        if intEnd > intStart { guard let parsed = parseInt64(p, intStart, intEnd) else { return nil }; whole = parsed }
        for _ in fractionDigits..<max(fractionDigits, 3) { fraction *= 10 }
        if roundUp { fraction += 1 }
        let (ms, o1) = whole.multipliedReportingOverflow(by: 1000)
        let (total, o2) = ms.addingReportingOverflow(fraction)
        if o1 || o2 { return nil }
        return negative ? -total : total
    }
}
