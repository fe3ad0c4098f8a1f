import Foundation
import VigilConfig
import VigilCore

/// The `oncall:` section of Vigil's config: people, schedules, what each severity promises,
/// escalation ladders, which alerts open incidents, root-cause categories and follow-ups.
/// Decoding checks every cross-reference and reports all problems at once, each at its place.
public struct OnCallConfig: Sendable, Decodable {
    public var users: [OnCallUser] = []
    public var schedules: [ScheduleConfig] = []
    public var severityPolicies: [SeverityPolicy] = []
    public var escalationPolicies: [EscalationPolicy] = []
    public var incidentRules: [IncidentRule] = []
    public var rootCauseCategories: [RootCauseCategory] = RootCauseCategory.defaults
    public var followUps: [FollowUpRule] = []
    /// The receiver that pages users who name none of their own.
    public var pagingReceiver: String?
    /// Automated responses run when incidents open.
    public var actions: [IncidentAction] = []

    public init() {}

    /// Put a `Set<String>` of receiver names under this key in the decoder's `userInfo` to have
    /// receiver references checked; without it they are not (the receivers live elsewhere).
    public static let knownReceiversKey: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "vigil.oncall.knownReceivers") else { preconditionFailure("BUG: invalid user info key") }
        return key
    }()

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case users, schedules, severityPolicies = "severity_policies", escalationPolicies = "escalation_policies"
        case incidentRules = "incident_rules", rootCauseCategories = "root_cause_categories", followUps = "follow_ups"
        case pagingReceiver = "paging_receiver", actions
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "oncall")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        users = try c.decode([OnCallUser].self, forKey: .users, default: [])
        schedules = try c.decode([ScheduleConfig].self, forKey: .schedules, default: [])
        severityPolicies = try c.decode([SeverityPolicy].self, forKey: .severityPolicies, default: [])
        escalationPolicies = try c.decode([EscalationPolicy].self, forKey: .escalationPolicies, default: [])
        incidentRules = try c.decode([IncidentRule].self, forKey: .incidentRules, default: [])
        rootCauseCategories = try c.decode([RootCauseCategory].self, forKey: .rootCauseCategories, default: RootCauseCategory.defaults)
        followUps = try c.decode([FollowUpRule].self, forKey: .followUps, default: [])
        pagingReceiver = try c.decodeIfPresent(String.self, forKey: .pagingReceiver)
        actions = try c.decode([IncidentAction].self, forKey: .actions, default: [])
        var problems = SemanticErrors()
        validate(root: c.codingPath, receivers: decoder.userInfo[OnCallConfig.knownReceiversKey] as? Set<String>, into: &problems)
        try problems.throwIfAny()
    }

    public func user(_ id: UserID) -> OnCallUser? { users.first { $0.id == id } }
    public func action(named name: String) -> IncidentAction? { actions.first { $0.name == name } }
    public func schedule(named name: String) -> ScheduleConfig? { schedules.first { $0.name == name } }
    public func escalationPolicy(named name: String) -> EscalationPolicy? { escalationPolicies.first { $0.name == name } }
    public func severityPolicy(for severity: Severity) -> SeverityPolicy? { severityPolicies.first { $0.severity == severity } }

    /// The policy for an alert's `severity` label value, ignoring case (`critical` finds `CRITICAL`).
    public func severityPolicy(forLabel value: String) -> SeverityPolicy? {
        severityPolicy(for: Severity(value)) ?? severityPolicies.first { $0.severity.rawValue.lowercased() == value.lowercased() }
    }
}
