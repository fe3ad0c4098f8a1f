import Alerting
import Foundation
import GRDB
import VigilCore

/// The notification log, the outbox and the attempt log in SQLite. An integration is stored as
/// its JSON form; the notification as Alertmanager's webhook JSON.
public struct SQLiteNotificationStore: NotificationStore {
    let database: SQLiteDatabase
    public init(database: SQLiteDatabase) { self.database = database }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    public func loadLog() async throws -> [NotificationLogEntry] {
        try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM nflog").map { row in
                NotificationLogEntry(
                    groupKey: row["groupKey"], integration: try Self.decode(IntegrationID.self, row["integration"]),
                    firing: Set(try Self.decode([Fingerprint].self, row["firing"])),
                    resolved: Set(try Self.decode([Fingerprint].self, row["resolved"])),
                    timestamp: Date(timeIntervalSince1970: row["timestamp"]))
            }
        }
    }

    public func pendingItems() async throws -> [OutboxItem] {
        try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE state = 'pending' ORDER BY id").map(Self.item)
        }
    }

    private static func item(_ row: Row) throws -> OutboxItem {
        guard let state = OutboxItem.State(rawValue: row["state"]) else { throw PersistenceError.corrupt("outbox state") }
        var item = OutboxItem(
            id: row["id"], integration: try decode(IntegrationID.self, row["integration"]), groupKey: row["groupKey"],
            data: try decode(NotificationData.self, row["data"]), createdAt: Date(timeIntervalSince1970: row["createdAt"]),
            attempts: row["attempts"], nextAttemptAt: Date(timeIntervalSince1970: row["nextAttemptAt"]), state: state,
            lastError: row["lastError"], fallbackOf: row["fallbackOf"])
        item.fellBack = row["fellBack"]
        return item
    }

    public func record(_ entry: NotificationLogEntry, enqueue item: OutboxItem?) async throws -> OutboxItem? {
        let integration = try Self.json(entry.integration)
        let firing = try Self.json(entry.firing.sorted())
        let resolved = try Self.json(entry.resolved.sorted())
        let data = try item.map { try Self.json($0.data) }
        return try await database.writer.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO nflog (groupKey, integration, firing, resolved, timestamp) VALUES (?, ?, ?, ?, ?)
                """, arguments: [entry.groupKey, integration, firing, resolved, entry.timestamp.timeIntervalSince1970])
            guard var item, let data else { return nil }
            item.id = try Self.insert(item, data: data, db: db)
            return item
        }
    }

    public func enqueue(_ item: OutboxItem) async throws -> OutboxItem {
        let data = try Self.json(item.data)
        return try await database.writer.write { db in
            var copy = item
            copy.id = try Self.insert(item, data: data, db: db)
            return copy
        }
    }

    private static func insert(_ item: OutboxItem, data: String, db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO outbox (integration, groupKey, data, createdAt, attempts, nextAttemptAt, state, lastError, fallbackOf, fellBack)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [try json(item.integration), item.groupKey, data, item.createdAt.timeIntervalSince1970, item.attempts,
                             item.nextAttemptAt.timeIntervalSince1970, item.state.rawValue, item.lastError, item.fallbackOf,
                             item.fellBack])
        return db.lastInsertedRowID
    }

    public func update(_ item: OutboxItem, attempt: NotificationAttempt) async throws {
        let integration = try Self.json(item.integration)
        let alerts = try Self.json(attempt.alerts)
        try await database.writer.write { db in
            try db.execute(sql: """
                UPDATE outbox SET attempts = ?, nextAttemptAt = ?, state = ?, lastError = ?, fellBack = ? WHERE id = ?
                """, arguments: [item.attempts, item.nextAttemptAt.timeIntervalSince1970, item.state.rawValue, item.lastError,
                                 item.fellBack, item.id])
            try db.execute(sql: """
                INSERT INTO notificationAttempt (outboxID, receiver, integration, groupKey, alerts, payloadHash, attempt, at,
                                                 latencySeconds, success, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [attempt.outboxID, attempt.integration.receiver, integration, attempt.groupKey, alerts,
                                 attempt.payloadHash, attempt.attempt, attempt.at.timeIntervalSince1970, attempt.latencySeconds,
                                 attempt.success, attempt.error])
        }
    }

    public func attempts(_ query: AttemptQuery) async throws -> [NotificationAttempt] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let receiver = query.receiver { clauses.append("receiver = ?"); arguments += [receiver] }
        if let groupKey = query.groupKey { clauses.append("groupKey = ?"); arguments += [groupKey] }
        if let since = query.since { clauses.append("at >= ?"); arguments += [since.timeIntervalSince1970] }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        arguments += [max(1, min(query.limit, 10_000))]
        let sql = "SELECT * FROM notificationAttempt \(whereClause) ORDER BY id DESC LIMIT ?"
        let bound = arguments
        return try await database.writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                NotificationAttempt(
                    outboxID: row["outboxID"], integration: try Self.decode(IntegrationID.self, row["integration"]),
                    groupKey: row["groupKey"], alerts: try Self.decode([String].self, row["alerts"]), payloadHash: row["payloadHash"],
                    attempt: row["attempt"], at: Date(timeIntervalSince1970: row["at"]), latencySeconds: row["latencySeconds"],
                    success: row["success"], error: row["error"])
            }
        }
    }

    public func prune(before cutoff: Date) async throws -> Int {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM notificationAttempt WHERE at < ?", arguments: [cutoff.timeIntervalSince1970])
            var removed = db.changesCount
            try db.execute(sql: "DELETE FROM outbox WHERE state != 'pending' AND createdAt < ?",
                           arguments: [cutoff.timeIntervalSince1970])
            removed += db.changesCount
            return removed
        }
    }
}
