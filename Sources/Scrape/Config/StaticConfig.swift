import VigilConfig
import VigilCore

/// One entry of `static_configs`: `host:port` targets sharing a set of labels.
///
/// ```yaml
/// static_configs:
///   - targets: ["api-1:9100", "api-2:9100"]
///     labels: {env: prod}
/// ```
public struct StaticConfig: Sendable, Hashable {
    /// Addresses, each becoming `__address__` of one target.
    public var targets: [String]
    /// Labels of every target of the group (a target's own labels win; static targets have none).
    public var labels: Labels

    public init(targets: [String], labels: Labels = .empty) {
        self.targets = targets
        self.labels = labels
    }
}

extension StaticConfig: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case targets, labels }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "targetgroup.Group")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        targets = try c.decode([String].self, forKey: .targets, default: [])
        let labels = try c.decode([String: String].self, forKey: .labels, default: [:])
        for name in labels.keys.sorted() where !LabelName.isValid(name) {
            throw c.invalid(.labels, "\(quoteGoString(name)) is not a valid label name")
        }
        self.labels = Labels(labels)
    }
}
