import Foundation
import Governance
import GRDB
import VigilCore

/// Approval requests in SQLite; every request and decision is ledgered in its transaction.
/// The rules live in `ApprovalRequest`; this type loads, applies and stores.
public struct SQLiteApprovalRepository: Sendable {
    let database: SQLiteDatabase
    let clock: any VigilCore.Clock
    let policy: ApprovalPolicy
    let makeID: @Sendable () -> String

    public init(database: SQLiteDatabase, clock: any VigilCore.Clock, policy: ApprovalPolicy = ApprovalPolicy(),
                makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.database = database
        self.clock = clock
        self.policy = policy
        self.makeID = makeID
    }

    /// Files a request by `requester` to do `action` with exactly `change`, open until `expiresAt`.
    public func request(_ action: ApprovalAction, change: AuditValue, reason: String, by requester: Principal,
                        expiresAt: Date) async throws -> ApprovalRequest {
        let now = clock.now()
        let request = try ApprovalRequest(id: makeID(), action: action, requester: requester, reason: reason, change: change,
                                          now: now, expiresAt: expiresAt)
        let event = AuditEvent(time: now, actor: requester.auditActor, action: "approval.request", target: request.id, details: [
            "action": .string(action.rawValue), "reason": .string(reason), "change": change,
            "expiresAt": .int(millis(expiresAt)),
        ])
        try await database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO approvalRequest (id, action, requesterID, requesterName, reason, change, createdAt, expiresAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [request.id, action.rawValue, request.requesterID, request.requesterName, reason,
                                 change.canonicalText, millis(now), millis(expiresAt)])
            try LedgerRepository.append(event, in: db)
        }
        return request
    }

    /// Approves or denies request `id` as `decider`, with `reason`. Checked and stored in one
    /// transaction, so two deciders racing cannot both succeed.
    public func decide(_ id: String, approve: Bool, reason: String, by decider: Principal) async throws -> ApprovalRequest {
        let now = clock.now()
        let policy = self.policy
        return try await database.writer.write { db in
            guard var request = try Self.fetch(db, id: id) else { throw ApprovalError.notFound(id: id) }
            try request.decide(approve: approve, by: decider, reason: reason, now: now, policy: policy)
            try db.execute(sql: """
                UPDATE approvalRequest SET approved = ?, deciderID = ?, deciderName = ?, decisionReason = ?, decidedAt = ?
                WHERE id = ? AND approved IS NULL
                """, arguments: [approve, decider.user.id, decider.user.name, reason, millis(now), id])
            try LedgerRepository.append(AuditEvent(
                time: now, actor: decider.auditActor, action: approve ? "approval.approve" : "approval.deny", target: id,
                details: ["action": .string(request.action.rawValue), "reason": .string(reason), "change": request.change]),
                in: db)
            return request
        }
    }

    /// The request with `id`, nil if none.
    public func get(_ id: String) async throws -> ApprovalRequest? {
        try await database.writer.read { db in try Self.fetch(db, id: id) }
    }

    /// Requests not yet decided and not expired at now, oldest first.
    public func pending() async throws -> [ApprovalRequest] {
        let now = millis(clock.now())
        return try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM approvalRequest WHERE approved IS NULL AND expiresAt > ? ORDER BY createdAt, id",
                             arguments: [now]).map(Self.request)
        }
    }

    static func fetch(_ db: Database, id: String) throws -> ApprovalRequest? {
        try Row.fetchOne(db, sql: "SELECT * FROM approvalRequest WHERE id = ?", arguments: [id]).map(request)
    }

    static func request(_ row: Row) throws -> ApprovalRequest {
        let rawAction: String = row["action"]
        guard let action = ApprovalAction(rawValue: rawAction) else { throw PersistenceError.corrupt("approval action \(rawAction)") }
        let changeText: String = row["change"]
        let change: AuditValue
        do {
            change = try JSONDecoder().decode(AuditValue.self, from: Data(changeText.utf8))
        } catch {
            throw PersistenceError.corrupt("approval request \(row["id"] as String) change: \(error)")
        }
        var decision: ApprovalRequest.Decision?
        if let approved: Bool = row["approved"], let decidedAt: Int64 = row["decidedAt"] {
            decision = ApprovalRequest.Decision(approved: approved, deciderID: row["deciderID"], deciderName: row["deciderName"],
                                                reason: row["decisionReason"], at: date(decidedAt))
        }
        return ApprovalRequest(id: row["id"], action: action, requesterID: row["requesterID"], requesterName: row["requesterName"],
                               reason: row["reason"], change: change, createdAt: date(row["createdAt"]),
                               expiresAt: date(row["expiresAt"]), decision: decision)
    }
}
