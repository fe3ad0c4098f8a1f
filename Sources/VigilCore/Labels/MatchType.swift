/// The four ways a matcher compares a label value, as in Prometheus and Alertmanager.
public enum MatchType: String, Sendable, Hashable, CaseIterable, Codable {
    case equal = "="
    case notEqual = "!="
    case regexMatch = "=~"
    case regexNoMatch = "!~"

    public var isRegex: Bool { self == .regexMatch || self == .regexNoMatch }
    public var isNegative: Bool { self == .notEqual || self == .regexNoMatch }
}
