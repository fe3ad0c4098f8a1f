/// The protocol a job scrapes its targets with.
public enum ScrapeScheme: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case http, https
    public var description: String { rawValue }
    /// The port Prometheus adds to an address that has none.
    public var defaultPort: Int { self == .http ? 80 : 443 }
}
