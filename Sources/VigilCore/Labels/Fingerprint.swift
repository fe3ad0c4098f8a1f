/// The identity of a label set (an alert, a series): a 64-bit hash printed as 16 hex digits.
public struct Fingerprint: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// Parses the 16-hex-digit form (or shorter, as Alertmanager accepts).
    public init?(hex: String) {
        guard !hex.isEmpty, hex.count <= 16, let value = UInt64(hex, radix: 16) else { return nil }
        rawValue = value
    }

    public var description: String { String(rawValue, radix: 16).leftPadded(to: 16) }
    public static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool { lhs.rawValue < rhs.rawValue }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Fingerprint(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid fingerprint \(quoteGoString(text))")
        }
        self = value
    }
}
