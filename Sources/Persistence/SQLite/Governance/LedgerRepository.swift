import Foundation
import Governance
import GRDB

/// The audit ledger in the `auditLedger` table.
///
/// An entry is written in the same transaction as the change it records: inside any
/// `writer.write { db in … }` call `LedgerRepository.append(_:in:)`, or use `record(_:change:)`.
/// Either both are committed or neither is.
///
/// ```swift
/// let ledger = LedgerRepository(database: database)
/// let (_, entry) = try await ledger.record(event) { db in try db.execute(sql: "…") }
/// ```
public struct LedgerRepository: Sendable {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) { self.database = database }

    /// Largest accepted size of a text field or of the details' canonical JSON, in UTF-8 bytes.
    public static let maxFieldBytes = 1 << 20

    /// Appends `event` after the current head, inside the caller's write transaction `db`.
    /// The head is read inside the same transaction, so concurrent writers (which SQLite
    /// serialises) cannot fork the chain.
    @discardableResult
    public static func append(_ event: AuditEvent, in db: Database) throws -> LedgerEntry {
        try StoredText.check(event.actor, field: "audit event actor")
        try StoredText.check(event.action, field: "audit event action")
        try StoredText.check(event.target, field: "audit event target")
        let entry = LedgerEntry(appending: event, after: try head(in: db))
        for (name, text) in [("actor", entry.actor), ("action", entry.action), ("target", entry.target), ("details", entry.details)]
        where text.utf8.count > maxFieldBytes {
            throw LedgerError.fieldTooLarge(name, bytes: text.utf8.count)
        }
        try db.execute(sql: """
            INSERT INTO auditLedger (seq, time, actor, action, target, details, prevHash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entry.seq, entry.time, entry.actor, entry.action, entry.target, entry.details, entry.prevHash,
                             entry.hash])
        return entry
    }

    /// The last entry's seq and hash in `db`, or `.genesis` for an empty ledger.
    public static func head(in db: Database) throws -> LedgerHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM auditLedger ORDER BY seq DESC LIMIT 1") else {
            return .genesis
        }
        return LedgerHead(seq: row["seq"], hash: row["hash"])
    }

    /// Runs `change` and appends `event` in one transaction; if either throws, neither is kept.
    /// - Returns: what `change` returned and the entry written.
    @discardableResult
    public func record<T: Sendable>(_ event: AuditEvent, change: @escaping @Sendable (Database) throws -> T)
        async throws -> (T, LedgerEntry) {
        try await database.writer.write { db in
            let result = try change(db)
            return (result, try Self.append(event, in: db))
        }
    }

    /// Runs `change`, which returns the events describing what it did, and appends them in the
    /// same transaction (for changes whose event needs the change's result, such as a new ID).
    @discardableResult
    public func record<T: Sendable>(change: @escaping @Sendable (Database) throws -> (T, [AuditEvent]))
        async throws -> (T, [LedgerEntry]) {
        try await database.writer.write { db in
            let (result, events) = try change(db)
            return (result, try events.map { try Self.append($0, in: db) })
        }
    }

    /// The current head, for anchoring.
    public func head() async throws -> LedgerHead {
        try await database.writer.read { db in try Self.head(in: db) }
    }

    /// Entries with `first <= seq <= last` (to the end when `last` is nil), oldest first.
    public func entries(from first: Int64 = 1, through last: Int64? = nil) async throws -> [LedgerEntry] {
        try await database.writer.read { db in
            try Self.fetchEntries(db, from: first, through: last ?? Int64.max)
        }
    }

    static func fetchEntries(_ db: Database, from first: Int64, through last: Int64) throws -> [LedgerEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM auditLedger WHERE seq BETWEEN ? AND ? ORDER BY seq",
                         arguments: [first, last]).map(entry)
    }

    static func entry(_ row: Row) -> LedgerEntry {
        LedgerEntry(seq: row["seq"], time: row["time"], actor: row["actor"], action: row["action"], target: row["target"],
                    details: row["details"], prevHash: row["prevHash"], hash: row["hash"])
    }

    /// Verifies the whole chain from genesis, streaming entries in one read snapshot, then that
    /// the entry named by the last anchor still has the anchored hash (which catches a ledger
    /// rewritten consistently after the anchor).
    public func verify() async throws -> VerificationResult {
        try await database.writer.read { db in
            let anchor = try Self.lastAnchor(in: db)
            var anchoredEntryHash: String?
            var chain = LedgerVerifier.Chain()
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM auditLedger ORDER BY seq")
            while let row = try rows.next() {
                let entry = Self.entry(row)
                if let failure = chain.add(entry) { return .broken(failure) }
                if entry.seq == anchor?.head.seq { anchoredEntryHash = entry.hash }
            }
            let result = chain.result
            guard let anchor, case .valid(_, let head) = result else { return result }
            if let failure = LedgerVerifier.check(anchor, entryHash: anchoredEntryHash, lastSeq: head.seq) {
                return .broken(failure)
            }
            return result
        }
    }

    /// Writes entries `first...last` (to the head when nil) as a bundle in `directory`, read in
    /// one snapshot; refuses when they do not verify.
    @discardableResult
    public func export(from first: Int64 = 1, through last: Int64? = nil, to directory: URL) async throws -> LedgerManifest {
        let entries = try await entries(from: first, through: last)
        if first == 1, case .broken(let failure) = LedgerVerifier.verify(entries) { throw failure }
        return try LedgerBundle.write(entries, to: directory)
    }
}

/// A ledger write refused before it reached SQLite.
public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    case fieldTooLarge(String, bytes: Int)

    public var description: String {
        switch self {
        case .fieldTooLarge(let field, let bytes):
            "audit event \(field) is \(bytes) bytes; the ledger accepts at most \(LedgerRepository.maxFieldBytes)"
        }
    }
}
