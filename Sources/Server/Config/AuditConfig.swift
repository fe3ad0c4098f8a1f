import VigilConfig

/// `audit`: the audit ledger's settings; for now only its external anchor.
public struct AuditConfig: Sendable, Hashable, Codable {
    /// Where the ledger head is anchored; nil sends no anchors.
    public var anchor: AnchorConfig?

    public init(anchor: AnchorConfig? = nil) { self.anchor = anchor }

    enum CodingKeys: String, CodingKey, CaseIterable { case anchor }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "audit")
        anchor = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(AnchorConfig.self, forKey: .anchor)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(anchor, forKey: .anchor)
    }
}
