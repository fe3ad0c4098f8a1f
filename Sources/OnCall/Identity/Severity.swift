/// An incident severity as a team names it (`critical`, `SEV0`, `ERROR`): the set is the config's
/// `severity_policies`, so it is a name, not a closed enum. Names compare case-sensitively; lookups
/// from alert labels go through `OnCallConfig.severityPolicy(forLabel:)`, which ignores case.
public struct Severity: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
