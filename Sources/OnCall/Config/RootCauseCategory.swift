/// A root-cause category an incident is filed under (`oncall.root_cause_categories`).
public struct RootCauseCategory: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    /// Seed 002's categories, used when the config names none.
    public static let defaults: [RootCauseCategory] = ["Misconfig", "Legit Load", "External Dependency", "Unknown"]

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
