import VigilConfig
import VigilCore

/// `inhibit_rules` entry: alerts matching `target_matchers` are muted while an alert matching
/// `source_matchers` fires with the same values for every label in `equal`.
public struct InhibitRuleConfig: Sendable, Hashable, Codable {
    public var sourceMatchers: [LabelMatcher]
    public var targetMatchers: [LabelMatcher]
    public var equal: [String]

    public init(sourceMatchers: [LabelMatcher], targetMatchers: [LabelMatcher], equal: [String]) {
        self.sourceMatchers = sourceMatchers
        self.targetMatchers = targetMatchers
        self.equal = equal
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sourceMatch = "source_match", sourceMatchRE = "source_match_re", sourceMatchers = "source_matchers"
        case targetMatch = "target_match", targetMatchRE = "target_match_re", targetMatchers = "target_matchers", equal
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "inhibit_rule")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sourceMatchers = try c.decodeLegacyMatch(equal: .sourceMatch, regex: .sourceMatchRE) + c.decodeMatchers(forKey: .sourceMatchers)
        targetMatchers = try c.decodeLegacyMatch(equal: .targetMatch, regex: .targetMatchRE) + c.decodeMatchers(forKey: .targetMatchers)
        equal = try c.decode([String].self, forKey: .equal, default: [])
        for name in equal where !LabelName.isValid(name) {
            throw c.invalid(.equal, "invalid label name \(quoteGoString(name)) in equal list")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sourceMatchers.map(\.description), forKey: .sourceMatchers)
        try c.encode(targetMatchers.map(\.description), forKey: .targetMatchers)
        if !equal.isEmpty { try c.encode(equal, forKey: .equal) }
    }
}
