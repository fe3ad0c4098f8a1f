import VigilCore

/// A compiled `inhibit_rules` entry with an index of the source alerts currently known,
/// keyed by their values of the `equal` labels.
public struct InhibitRule: Sendable {
    public let sourceMatchers: [LabelMatcher]
    public let targetMatchers: [LabelMatcher]
    public let equal: [String]
    /// Source alerts by their `equal` label values; each entry remembers whether the source
    /// also matches the target side (such a source cannot inhibit another two-sided alert).
    private(set) var sources: [[String]: [Fingerprint: Bool]] = [:]

    public init(_ config: InhibitRuleConfig) {
        sourceMatchers = config.sourceMatchers
        targetMatchers = config.targetMatchers
        equal = config.equal
    }

    func key(of labels: Labels) -> [String] { equal.map { labels.value(of: $0) } }

    /// Records `alert` as a source if it matches the source side, or forgets it.
    mutating func observe(_ labels: Labels, fingerprint: Fingerprint, active: Bool) {
        let key = key(of: labels)
        if active, sourceMatchers.matches(labels) {
            sources[key, default: [:]][fingerprint] = targetMatchers.matches(labels)
        } else if sources[key]?[fingerprint] != nil {
            sources[key]?[fingerprint] = nil
            if sources[key]?.isEmpty == true { sources[key] = nil }
        }
    }

    /// The fingerprint of a source alert (active per `isActive`) that inhibits `labels`, if any.
    func inhibitor(of labels: Labels, fingerprint: Fingerprint, isActive: (Fingerprint) -> Bool) -> Fingerprint? {
        guard targetMatchers.matches(labels), let candidates = sources[key(of: labels)] else { return nil }
        let twoSided = sourceMatchers.matches(labels)
        for (source, sourceIsTwoSided) in candidates.sorted(by: { $0.key < $1.key }) where source != fingerprint {
            if twoSided, sourceIsTwoSided { continue }
            if isActive(source) { return source }
        }
        return nil
    }
}
