/// A number of bytes written as Prometheus writes sizes (`512MB`, `1.5GiB`, `0`), for
/// `--storage.tsdb.retention.size` and `body_size_limit`.
///
/// Units are `B`, `KB`, `MB`, `GB`, `TB`, `PB`, `EB` and `KiB` … `EiB`, all powers of 1024
/// (`512MB` is 512 × 2²⁰ bytes), as Prometheus's `units.Base2Bytes` reads them; parts add up
/// (`1GiB512MiB`); a number needs a unit except `0`.
public struct ByteSize: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var bytes: Int

    public init(bytes: Int) { self.bytes = bytes }

    public static let zero = ByteSize(bytes: 0)
    public static func kibibytes(_ n: Int) -> ByteSize { ByteSize(bytes: n << 10) }
    public static func mebibytes(_ n: Int) -> ByteSize { ByteSize(bytes: n << 20) }
    public static func gibibytes(_ n: Int) -> ByteSize { ByteSize(bytes: n << 30) }

    /// Binary prefixes by power of 1024, 1 (K) to 6 (E).
    private static let prefixes: [Character] = ["K", "M", "G", "T", "P", "E"]

    /// The multiplier of `unit`, nil when it is not one.
    private static func multiplier(_ unit: Substring) -> Int? {
        if unit == "B" { return 1 }
        guard let prefix = unit.first, let power = prefixes.firstIndex(of: prefix) else { return nil }
        let suffix = unit.dropFirst()
        guard suffix == "B" || suffix == "iB" else { return nil }
        return 1 << (10 * (power + 1))
    }

    public init(parsing text: String) throws(ByteSizeError) {
        if text.isEmpty { throw ByteSizeError(message: "empty size string") }
        if text == "0" { self.init(bytes: 0); return }
        if text.hasPrefix("-") { throw ByteSizeError(message: "size must not be negative: \(quoteGoString(text))") }
        var rest = Substring(text)
        var total = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unit.count)
            let parts = number.split(separator: ".", omittingEmptySubsequences: false)
            guard !number.isEmpty, number != ".", parts.count <= 2 else {
                throw ByteSizeError(message: "not a valid size string: \(quoteGoString(text))")
            }
            if unit.isEmpty {
                throw ByteSizeError(message: "missing unit in size \(quoteGoString(text)) (B, KB, MB, GB, TB, PB, EB or KiB … EiB)")
            }
            guard let size = Self.multiplier(unit) else {
                throw ByteSizeError(message: "unknown unit \(quoteGoString(String(unit))) in size \(quoteGoString(text)) (B, KB, MB, GB, TB, PB, EB or KiB … EiB)")
            }
            let whole = parts[0].isEmpty ? 0 : Int(parts[0])
            let fraction = parts.count == 2 && !parts[1].isEmpty ? Double("0." + parts[1]) : 0
            guard let whole, let fraction else { throw ByteSizeError(message: "size out of range: \(quoteGoString(text))") }
            let (scaled, overflow) = whole.multipliedReportingOverflow(by: size)
            let (sum, overflow2) = total.addingReportingOverflow(scaled)
            let (withFraction, overflow3) = sum.addingReportingOverflow(Int(fraction * Double(size)))
            if overflow || overflow2 || overflow3 { throw ByteSizeError(message: "size out of range: \(quoteGoString(text))") }
            total = withFraction
        }
        self.init(bytes: total)
    }

    /// The largest binary unit that divides the size exactly: `1GiB`, `1536MiB`, `0B`.
    public var description: String {
        for power in stride(from: Self.prefixes.count, through: 1, by: -1) {
            let size = 1 << (10 * power)
            if bytes != 0, bytes % size == 0 { return "\(bytes / size)\(Self.prefixes[power - 1])iB" }
        }
        return "\(bytes)B"
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}

extension ByteSize: TextCodable {}

/// A size that does not parse.
public struct ByteSizeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
