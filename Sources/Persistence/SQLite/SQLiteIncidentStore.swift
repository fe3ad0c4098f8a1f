import Foundation
import GRDB
import Governance
import OnCall

/// Incidents in the `incident` table: the whole `Incident` value as JSON, with its status,
/// group key and times in columns for listing; every save appends its audit entry in the
/// same transaction.
public struct SQLiteIncidentStore: IncidentStore {
    let database: SQLiteDatabase
    public init(database: SQLiteDatabase) { self.database = database }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    public func loadAll() async throws -> [Incident] {
        try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, body FROM incident ORDER BY seq").map { row in
                let body: String = row["body"]
                do {
                    return try Self.decoder.decode(Incident.self, from: Data(body.utf8))
                } catch {
                    throw PersistenceError.corrupt("incident \(row["id"] as String? ?? "?"): \(error)")
                }
            }
        }
    }

    public func save(_ incident: Incident, change: IncidentChange) async throws {
        let body = String(decoding: try Self.encoder.encode(incident), as: UTF8.self)
        try await database.writer.write { db in
            let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM incident WHERE id = ?", arguments: [incident.id.rawValue])
                ?? (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM incident") ?? 1)
            try db.execute(sql: """
                INSERT INTO incident (id, seq, status, groupKey, openedAt, updatedAt, body) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET status = excluded.status, groupKey = excluded.groupKey,
                    updatedAt = excluded.updatedAt, body = excluded.body
                """, arguments: [incident.id.rawValue, seq, incident.status.rawValue, incident.groupKey,
                                 incident.openedAt.timeIntervalSince1970, change.at.timeIntervalSince1970, body])
            var details: [String: AuditValue] = ["status": .string(incident.status.rawValue),
                                                 "severity": .string(incident.severity.rawValue)]
            for (key, value) in change.details { details[key] = .string(value) }
            _ = try LedgerRepository.append(AuditEvent(time: change.at, actor: change.agent.auditActor, action: change.action,
                                                       target: incident.id.rawValue, details: .object(details)), in: db)
        }
    }
}

extension Agent {
    /// The ledger's actor: the user's id, or `system:<what>` for Vigil's own actions.
    var auditActor: String {
        switch self {
        case .user(let id): id.rawValue
        case .system(let what): "system:\(what)"
        }
    }
}
