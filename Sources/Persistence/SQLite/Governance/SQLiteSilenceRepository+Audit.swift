import Alerting
import Foundation
import Governance
import GRDB
import VigilCore

extension SQLiteSilenceRepository {
    /// Saves silences and the audit entry describing the change in one transaction: both are
    /// stored or neither is. The same SQL as `save(_:)`; the server calls this one once wired.
    @discardableResult
    public func save(_ silences: [Silence], audit event: AuditEvent) async throws -> LedgerEntry {
        try await database.writer.write { db in
            for silence in silences { try Self.insert(silence, in: db) }
            return try LedgerRepository.append(event, in: db)
        }
    }

    static func insert(_ silence: Silence, in db: Database) throws {
        let matchers = silence.matchers.map { StoredMatcher(type: $0.type.rawValue, name: $0.name, value: $0.value) }
        let json = String(decoding: try JSONEncoder().encode(matchers), as: UTF8.self)
        try db.execute(sql: """
            INSERT OR REPLACE INTO silence (id, matchers, startsAt, endsAt, updatedAt, createdBy, comment)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [silence.id, json, silence.startsAt.timeIntervalSince1970, silence.endsAt.timeIntervalSince1970,
                             silence.updatedAt.timeIntervalSince1970, silence.createdBy, silence.comment])
    }
}

extension AuditEvent {
    /// The ledger's record of a silence being created or changed by `actor`.
    public static func silenceSaved(_ silence: Silence, by actor: String, at time: Date) -> AuditEvent {
        AuditEvent(time: time, actor: actor, action: "silence.save", target: silence.id, details: [
            "matchers": .array(silence.matchers.map { .string($0.description) }),
            "startsAt": .int(Int64((silence.startsAt.timeIntervalSince1970 * 1000).rounded(.down))),
            "endsAt": .int(Int64((silence.endsAt.timeIntervalSince1970 * 1000).rounded(.down))),
            "createdBy": .string(silence.createdBy), "comment": .string(silence.comment),
        ])
    }
}
