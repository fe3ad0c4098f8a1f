/// A duration in Prometheus's notation (`1h30m`, `5m`, `100ms`, `1d`, `0s`), held in milliseconds.
///
/// Units are `y` (365 d), `w`, `d`, `h`, `m`, `s`, `ms`, each at most once and in that order,
/// as Prometheus's `model.ParseDuration` accepts them.
public struct PromDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public init(seconds: Double) { milliseconds = Int64((seconds * 1000).rounded()) }

    public static let zero = PromDuration(milliseconds: 0)
    public static func seconds(_ s: Int64) -> PromDuration { PromDuration(milliseconds: s * 1000) }
    public static func minutes(_ m: Int64) -> PromDuration { PromDuration(milliseconds: m * 60_000) }
    public static func hours(_ h: Int64) -> PromDuration { PromDuration(milliseconds: h * 3_600_000) }

    public var seconds: Double { Double(milliseconds) / 1000 }
    public var timeInterval: Double { seconds }

    private static let units: [(String, Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000),
        ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    public init(parsing text: String) throws(PromDurationError) {
        if text.isEmpty { throw PromDurationError(message: "empty duration string") }
        if text == "0" { self.init(milliseconds: 0); return }
        let scalars = Array(text.utf8)
        var index = 0
        var total: Int64 = 0
        var lastUnit = -1
        while index < scalars.count {
            var number: Int64 = 0
            let digitsStart = index
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                let (product, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(Int64(scalars[index] - 48))
                if overflow1 || overflow2 { throw PromDurationError(message: "duration out of range: \(quoteGoString(text))") }
                number = sum
                index += 1
            }
            guard index > digitsStart else { throw PromDurationError(message: "not a valid duration string: \(quoteGoString(text))") }
            let unitStart = index
            while index < scalars.count, scalars[index] >= 97, scalars[index] <= 122 { index += 1 }
            let unit = String(decoding: scalars[unitStart..<index], as: UTF8.self)
            guard let unitIndex = PromDuration.units.firstIndex(where: { $0.0 == unit }) else {
                if unit.isEmpty, index < scalars.count {
                    throw PromDurationError(message: "unknown unit \(quoteGoString(String(UnicodeScalar(scalars[index])))) in duration \(quoteGoString(text))")
                }
                throw PromDurationError(message: "not a valid duration string: \(quoteGoString(text))")
            }
            guard unitIndex > lastUnit else { throw PromDurationError(message: "not a valid duration string: \(quoteGoString(text))") }
            lastUnit = unitIndex
            let (part, overflow) = number.multipliedReportingOverflow(by: PromDuration.units[unitIndex].1)
            let (sum, overflow2) = total.addingReportingOverflow(part)
            if overflow || overflow2 { throw PromDurationError(message: "duration out of range: \(quoteGoString(text))") }
            total = sum
        }
        self.init(milliseconds: total)
    }

    /// Prometheus's canonical form: largest units first, zero parts omitted, `0s` for zero.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var remaining = milliseconds
        var out = milliseconds < 0 ? "-" : ""
        remaining = abs(remaining)
        for (unit, size) in PromDuration.units {
            // Prometheus prints years and weeks only when they divide exactly.
            if unit == "y" || unit == "w" {
                if remaining % size == 0, remaining >= size { out += "\(remaining / size)\(unit)"; remaining = 0 }
                continue
            }
            if remaining >= size {
                out += "\(remaining / size)\(unit)"
                remaining %= size
            }
        }
        return out
    }

    public static func < (lhs: PromDuration, rhs: PromDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }
    public static func + (lhs: PromDuration, rhs: PromDuration) -> PromDuration {
        PromDuration(milliseconds: lhs.milliseconds + rhs.milliseconds)
    }
}

extension PromDuration: TextCodable {}

/// A duration that does not parse; `message` reads like Prometheus's.
public struct PromDurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
