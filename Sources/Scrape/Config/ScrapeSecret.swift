/// A credential in a scrape config. It prints as `<secret>` so it never reaches a log line or an
/// API response; only the scraper reads `value` to send it.
public struct ScrapeSecret: Sendable, Hashable, Decodable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }
    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
}
