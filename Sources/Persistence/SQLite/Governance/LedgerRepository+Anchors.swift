import Foundation
import Governance
import GRDB

extension LedgerRepository {
    /// Stores that `head` was sent to `receiver` at `time`. Call after the receiver acknowledged it.
    public func recordAnchor(_ anchor: LedgerAnchor) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO auditAnchor (seq, hash, time, receiver) VALUES (?, ?, ?, ?)",
                           arguments: [anchor.head.seq, anchor.head.hash,
                                       Int64((anchor.time.timeIntervalSince1970 * 1000).rounded(.down)), anchor.receiver])
        }
    }

    /// The anchor most recently recorded, nil if none.
    public func lastAnchor() async throws -> LedgerAnchor? {
        try await database.writer.read { db in try Self.lastAnchor(in: db) }
    }

    static func lastAnchor(in db: Database) throws -> LedgerAnchor? {
        try Row.fetchOne(db, sql: "SELECT * FROM auditAnchor ORDER BY id DESC LIMIT 1").map { row in
            let millis: Int64 = row["time"]
            return LedgerAnchor(head: LedgerHead(seq: row["seq"], hash: row["hash"]),
                                time: Date(timeIntervalSince1970: Double(millis) / 1000), receiver: row["receiver"])
        }
    }
}

extension LedgerRepository {
    /// The head to anchor next, read in one snapshot with the last anchor, and the break when the
    /// entry that anchor names no longer has the anchored hash: a head that follows a rewrite must
    /// not be anchored, or the rewrite would be vouched for.
    public func anchorCandidate() async throws -> (head: LedgerHead, last: LedgerAnchor?, conflict: LedgerBreak?) {
        try await database.writer.read { db in
            let head = try Self.head(in: db)
            guard let last = try Self.lastAnchor(in: db) else { return (head, nil, nil) }
            let hash = try String.fetchOne(db, sql: "SELECT hash FROM auditLedger WHERE seq = ?", arguments: [last.head.seq])
            return (head, last, LedgerVerifier.check(last, entryHash: hash, lastSeq: head.seq))
        }
    }
}
