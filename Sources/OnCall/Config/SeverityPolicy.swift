import Foundation
import VigilConfig
import VigilCore

/// `oncall.severity_policies[]`: what a severity promises: time to acknowledge and to resolve,
/// who is told at once, and when escalation starts.
///
/// ```yaml
/// - severity: ERROR
///   respond_within: 30m
///   resolve_within: 8h
///   escalate_after: 1h          # escalation_policy's clock starts this long after the trigger
///   escalation_policy: agentguard
///   notify: [slack-alerts, email-oncall]
/// ```
public struct SeverityPolicy: Sendable, Hashable, Decodable {
    public var severity: Severity
    /// Free text (`description:`), shown with the policy.
    public var summary: String?
    /// Time-to-acknowledge target.
    public var respondWithin: PromDuration
    /// Time-to-resolve target; nil for none.
    public var resolveWithin: PromDuration?
    /// Delay between the trigger and the first level of `escalationPolicy`.
    public var escalateAfter: PromDuration
    /// The ladder to run; nil for none (notify once, never escalate).
    public var escalationPolicy: String?
    /// Receivers told when the incident opens, whoever is on call.
    public var notify: [String]
    public var businessHours: BusinessHours?

    public init(severity: Severity, respondWithin: PromDuration, resolveWithin: PromDuration? = nil,
                escalateAfter: PromDuration = .zero, escalationPolicy: String? = nil, notify: [String] = [],
                businessHours: BusinessHours? = nil) {
        self.severity = severity
        self.respondWithin = respondWithin
        self.resolveWithin = resolveWithin
        self.escalateAfter = escalateAfter
        self.escalationPolicy = escalationPolicy
        self.notify = notify
        self.businessHours = businessHours
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case severity, description, respondWithin = "respond_within", resolveWithin = "resolve_within"
        case escalateAfter = "escalate_after", escalationPolicy = "escalation_policy", notify, businessHours = "business_hours"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "severity policy")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        severity = try c.decode(Severity.self, forKey: .severity)
        if severity.rawValue.isEmpty { throw c.invalid(.severity, "severity must not be empty") }
        summary = try c.decodeIfPresent(String.self, forKey: .description)
        respondWithin = try c.decode(PromDuration.self, forKey: .respondWithin)
        if respondWithin.milliseconds <= 0 { throw c.invalid(.respondWithin, "respond_within must be positive") }
        resolveWithin = try c.decodeIfPresent(PromDuration.self, forKey: .resolveWithin)
        if let resolveWithin, resolveWithin < respondWithin {
            throw c.invalid(.resolveWithin, "resolve_within \(resolveWithin) is shorter than respond_within \(respondWithin)")
        }
        escalateAfter = try c.decode(PromDuration.self, forKey: .escalateAfter, default: .zero)
        if escalateAfter.milliseconds < 0 { throw c.invalid(.escalateAfter, "escalate_after must not be negative") }
        escalationPolicy = try c.decodeIfPresent(String.self, forKey: .escalationPolicy)
        notify = try c.decode([String].self, forKey: .notify, default: [])
        businessHours = try c.decodeIfPresent(BusinessHours.self, forKey: .businessHours)
    }

    /// Whether response clocks and paging are confined to business hours.
    public var confinedToBusinessHours: Bool { businessHours.map { !$0.pageOutside } ?? false }

    /// `duration` after `start`, counting business time only when the policy is confined to it.
    public func deadline(after start: Date, _ duration: PromDuration) -> Date {
        if let hours = businessHours, !hours.pageOutside { return hours.adding(duration.seconds, to: start) }
        return start.addingTimeInterval(duration.seconds)
    }
}
