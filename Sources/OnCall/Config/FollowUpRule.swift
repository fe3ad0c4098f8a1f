import VigilConfig
import VigilCore

/// `oncall.follow_ups[]`: a task created when an incident resolves, due some time later (seed
/// 001: post-mortem within 24 h, report within 1 week, preventive measures within 1 month).
///
/// ```yaml
/// - task: Conduct post-mortem meeting
///   due: 24h
///   severities: [critical, warning]   # default: every severity
/// ```
public struct FollowUpRule: Sendable, Hashable, Decodable {
    public var task: String
    public var due: PromDuration
    public var severities: [Severity]

    public init(task: String, due: PromDuration, severities: [Severity] = []) {
        self.task = task
        self.due = due
        self.severities = severities
    }

    public func applies(to severity: Severity) -> Bool { severities.isEmpty || severities.contains(severity) }

    enum CodingKeys: String, CodingKey, CaseIterable { case task, due, severities }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "follow-up")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        task = try c.decode(String.self, forKey: .task)
        if task.isEmpty { throw c.invalid(.task, "task must not be empty") }
        due = try c.decode(PromDuration.self, forKey: .due)
        if due.milliseconds <= 0 { throw c.invalid(.due, "due must be positive") }
        severities = try c.decode([Severity].self, forKey: .severities, default: [])
    }
}
