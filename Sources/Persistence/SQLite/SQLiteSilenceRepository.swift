import Alerting
import Foundation
import GRDB
import Governance
import VigilCore

/// Silences in the `silence` table; matchers stored as JSON `[{type,name,value}]`.
public struct SQLiteSilenceRepository: SilenceRepository {
    let database: SQLiteDatabase
    public init(database: SQLiteDatabase) { self.database = database }

    struct StoredMatcher: Codable { var type: String; var name: String; var value: String }

    public func loadAll() async throws -> [Silence] {
        try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM silence").map { row in
                let json: String = row["matchers"]
                let stored = try JSONDecoder().decode([StoredMatcher].self, from: Data(json.utf8))
                let matchers = try stored.map { m -> LabelMatcher in
                    guard let type = MatchType(rawValue: m.type) else { throw PersistenceError.corrupt("matcher type \(m.type)") }
                    return try LabelMatcher(type, m.name, m.value)
                }
                return Silence(id: row["id"], matchers: matchers, startsAt: Date(timeIntervalSince1970: row["startsAt"]),
                               endsAt: Date(timeIntervalSince1970: row["endsAt"]), updatedAt: Date(timeIntervalSince1970: row["updatedAt"]),
                               createdBy: row["createdBy"], comment: row["comment"])
            }
        }
    }

    public func save(_ silences: [Silence], by actor: String, action: String, at time: Date) async throws {
        try await database.writer.write { db in
            for silence in silences {
                try Self.insert(silence, in: db)
                var event = AuditEvent.silenceSaved(silence, by: actor, at: time)
                event.action = action
                _ = try LedgerRepository.append(event, in: db)
            }
        }
    }

    public func deleteExpired(before cutoff: Double) async throws -> Int {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM silence WHERE endsAt < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}

/// Stored data that cannot be read back.
public enum PersistenceError: Error, CustomStringConvertible {
    case corrupt(String)
    public var description: String {
        switch self {
        case .corrupt(let what): "corrupt stored data: \(what)"
        }
    }
}
