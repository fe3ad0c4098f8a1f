import VigilCore

/// Decides which alerts are muted by other alerts, per the configured inhibit rules.
public struct Inhibitor: Sendable {
    private var rules: [InhibitRule]

    public init(_ configs: [InhibitRuleConfig]) { rules = configs.map(InhibitRule.init) }

    public var isEmpty: Bool { rules.isEmpty }

    /// Updates the source index for one stored alert (`active` = not resolved when stored).
    public mutating func observe(_ labels: Labels, fingerprint: Fingerprint, active: Bool) {
        for index in rules.indices { rules[index].observe(labels, fingerprint: fingerprint, active: active) }
    }

    /// Fingerprints of the alerts inhibiting `labels`; `isActive` says whether a source alert
    /// still fires now (it may have resolved by time since it was observed).
    public func inhibitors(of labels: Labels, fingerprint: Fingerprint, isActive: (Fingerprint) -> Bool) -> [Fingerprint] {
        var found: [Fingerprint] = []
        for rule in rules {
            if let source = rule.inhibitor(of: labels, fingerprint: fingerprint, isActive: isActive), !found.contains(source) {
                found.append(source)
            }
        }
        return found
    }
}
