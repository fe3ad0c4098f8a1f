import VigilConfig
import VigilCore

/// Whom one escalation level pages: named users, whoever is on call in named schedules,
/// receivers (channels such as a Slack room), or every configured user.
public struct EscalationTargets: Sendable, Hashable, Codable {
    public var users: [UserID] = []
    public var schedules: [String] = []
    public var receivers: [String] = []
    /// Every user in `oncall.users` ("all hands").
    public var everyone = false

    public init(users: [UserID] = [], schedules: [String] = [], receivers: [String] = [], everyone: Bool = false) {
        self.users = users
        self.schedules = schedules
        self.receivers = receivers
        self.everyone = everyone
    }

    public var isEmpty: Bool { users.isEmpty && schedules.isEmpty && receivers.isEmpty && !everyone }
}
