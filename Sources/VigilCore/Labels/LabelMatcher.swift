/// Selects label sets by one label: `name="value"`, `name!="value"`, `name=~"re"`, `name!~"re"`.
///
/// A missing label matches as the empty string, as in Prometheus and Alertmanager.
public struct LabelMatcher: Hashable, Sendable, CustomStringConvertible {
    public let type: MatchType
    public let name: String
    public let value: String
    private let regex: LabelRegex?

    public init(_ type: MatchType, _ name: String, _ value: String, dotMatchesNewline: Bool = true) throws(LabelRegexError) {
        self.type = type
        self.name = name
        self.value = value
        regex = type.isRegex ? try LabelRegex(value, dotMatchesNewline: dotMatchesNewline) : nil
    }

    /// An equality matcher, which cannot fail to build.
    public static func equal(_ name: String, _ value: String) -> LabelMatcher {
        LabelMatcher(equal: name, value)
    }

    private init(equal name: String, _ value: String) {
        type = .equal
        self.name = name
        self.value = value
        regex = nil
    }

    public func matches(_ value: String) -> Bool {
        switch type {
        case .equal: return value == self.value
        case .notEqual: return value != self.value
        case .regexMatch: return regex?.matches(value) ?? false
        case .regexNoMatch: return !(regex?.matches(value) ?? false)
        }
    }

    public func matches(_ labels: Labels) -> Bool { matches(labels.value(of: name)) }

    /// Whether the matcher accepts the empty string (and so label sets lacking the label).
    public var matchesEmpty: Bool { matches("") }

    public var description: String { "\(name)\(type.rawValue)\(quoteGoString(value))" }
}

extension Sequence where Element == LabelMatcher {
    /// Whether every matcher accepts `labels`.
    public func matches(_ labels: Labels) -> Bool { allSatisfy { $0.matches(labels) } }
}
