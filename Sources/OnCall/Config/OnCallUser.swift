import VigilConfig
import VigilCore

/// `oncall.users[]`: a person who can be on call, with the ways to reach them.
public struct OnCallUser: Sendable, Hashable, Codable {
    public var id: UserID
    public var name: String
    public var email: String?
    public var slack: String?
    public var phone: String?
    /// A PagerDuty user or service key, passed through to the PagerDuty receiver.
    public var pagerduty: String?
    /// The receiver that pages this person (its templates see the person in `.GroupLabels`);
    /// without one, `oncall.paging_receiver` is used.
    public var receiver: String?

    public init(id: UserID, name: String? = nil, email: String? = nil) {
        self.id = id
        self.name = name ?? id.rawValue
        self.email = email
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, email, slack, phone, pagerduty, receiver }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "user")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UserID.self, forKey: .id)
        if id.rawValue.isEmpty { throw c.invalid(.id, "user id must not be empty") }
        name = try c.decode(String.self, forKey: .name, default: id.rawValue)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        slack = try c.decodeIfPresent(String.self, forKey: .slack)
        phone = try c.decodeIfPresent(String.self, forKey: .phone)
        pagerduty = try c.decodeIfPresent(String.self, forKey: .pagerduty)
        receiver = try c.decodeIfPresent(String.self, forKey: .receiver)
    }
}
