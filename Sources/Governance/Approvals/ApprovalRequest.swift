import Foundation

/// A change someone asked for and someone else must approve, with its exact content.
public struct ApprovalRequest: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        case pending, approved, denied
    }

    /// The decision, once made.
    public struct Decision: Sendable, Hashable {
        public var approved: Bool
        public var deciderID: String
        public var deciderName: String
        public var reason: String
        public var at: Date

        public init(approved: Bool, deciderID: String, deciderName: String, reason: String, at: Date) {
            self.approved = approved
            self.deciderID = deciderID
            self.deciderName = deciderName
            self.reason = reason
            self.at = at
        }
    }

    public var id: String
    public var action: ApprovalAction
    public var requesterID: String
    public var requesterName: String
    /// Why the requester wants it.
    public var reason: String
    /// The exact change, as canonical JSON: what is approved is what runs.
    public var change: AuditValue
    public var createdAt: Date
    /// After this instant the request can no longer be decided.
    public var expiresAt: Date
    public var decision: Decision?

    public init(id: String, action: ApprovalAction, requesterID: String, requesterName: String, reason: String,
                change: AuditValue, createdAt: Date, expiresAt: Date, decision: Decision? = nil) {
        self.id = id
        self.action = action
        self.requesterID = requesterID
        self.requesterName = requesterName
        self.reason = reason
        self.change = change
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.decision = decision
    }

    /// A new pending request from `requester`, checked.
    public init(id: String, action: ApprovalAction, requester: Principal, reason: String, change: AuditValue,
                now: Date, expiresAt: Date) throws(ApprovalError) {
        guard requester.allows(.approvalsRequest) else { throw .notAllowed(user: requester.user.name, .approvalsRequest) }
        guard !requester.user.disabled else { throw .notAllowed(user: requester.user.name, .approvalsRequest) }
        guard !reason.isEmpty else { throw .reasonRequired }
        guard !reason.utf8.contains(0) else { throw .nulInReason }
        guard expiresAt > now else { throw .expiryNotInFuture }
        self.init(id: id, action: action, requesterID: requester.user.id, requesterName: requester.user.name,
                  reason: reason, change: change, createdAt: now, expiresAt: expiresAt)
    }

    /// `pending`, `approved` or `denied`; a pending request past `expiresAt` is still pending
    /// but `isExpired(at:)`.
    public var state: State {
        guard let decision else { return .pending }
        return decision.approved ? .approved : .denied
    }

    public func isExpired(at now: Date) -> Bool { decision == nil && now >= expiresAt }

    /// Records `decider`'s decision, enforcing the rules: only pending, unexpired requests; only
    /// holders of `approvals.decide`; a reason; and, under the two-person rule, not the requester.
    public mutating func decide(approve: Bool, by decider: Principal, reason: String, now: Date,
                                policy: ApprovalPolicy) throws(ApprovalError) {
        guard decision == nil else { throw .alreadyDecided(id: id, state: state) }
        guard now < expiresAt else { throw .expired(id: id, at: expiresAt) }
        guard decider.allows(.approvalsDecide), !decider.user.disabled else {
            throw .notAllowed(user: decider.user.name, .approvalsDecide)
        }
        if policy.twoPersonRule, decider.user.id == requesterID { throw .selfApproval(id: id) }
        guard !reason.isEmpty else { throw .reasonRequired }
        guard !reason.utf8.contains(0) else { throw .nulInReason }
        decision = Decision(approved: approve, deciderID: decider.user.id, deciderName: decider.user.name,
                            reason: reason, at: now)
    }
}

/// Rules for deciding approvals.
public struct ApprovalPolicy: Sendable, Hashable {
    /// The requester may not decide their own request.
    public var twoPersonRule: Bool

    public init(twoPersonRule: Bool = true) { self.twoPersonRule = twoPersonRule }
}

/// Why an approval cannot be requested or decided.
public enum ApprovalError: Error, Sendable, Hashable, CustomStringConvertible {
    case notFound(id: String)
    case alreadyDecided(id: String, state: ApprovalRequest.State)
    case expired(id: String, at: Date)
    case selfApproval(id: String)
    case notAllowed(user: String, Permission)
    case reasonRequired
    case nulInReason
    case expiryNotInFuture

    public var description: String {
        switch self {
        case .notFound(let id): "approval request \(quoted(id)) not found"
        case .alreadyDecided(let id, let state): "approval request \(quoted(id)) is already \(state.rawValue)"
        case .expired(let id, let at): "approval request \(quoted(id)) expired at \(at.formatted(.iso8601))"
        case .selfApproval(let id): "approval request \(quoted(id)): the requester cannot decide it (two-person rule)"
        case .notAllowed(let user, let permission): "user \(quoted(user)) lacks permission \(permission.rawValue)"
        case .reasonRequired: "a reason is required"
        case .nulInReason: "the reason must not contain the NUL character (U+0000)"
        case .expiryNotInFuture: "expiry must be in the future"
        }
    }
}
