import Alerting
import Foundation
import GRDB
import Governance
import Persistence
import Testing
import VigilCore
import VigilTestSupport

/// The ledger in SQLite: same-transaction recording, tamper detection, anchors.
@Suite struct LedgerRepositoryTests {
    static let silence = Silence(id: "s1", matchers: [.equal("job", "api")], startsAt: t0, endsAt: t0.addingTimeInterval(3600),
                                 updatedAt: t0, createdBy: "alice", comment: "deploy")

    @Test func aSilenceAndItsEntryAreStoredTogether() async throws {
        let db = try TestDatabase()
        let silences = SQLiteSilenceRepository(database: db.database)
        let entry = try await silences.save([Self.silence], audit: .silenceSaved(Self.silence, by: "alice", at: t0))
        #expect(entry.seq == 1)
        #expect(entry.action == "silence.save")
        #expect(try await silences.loadAll().map(\.id) == ["s1"])
        #expect(try await db.ledger.entries() == [entry])
        #expect(try await db.ledger.verify().isValid)
    }

    @Test("records, rolls back, verifies and exports alike in memory and on disk", arguments: ["memory", "disk"])
    func bothStorages(_ storage: String) async throws {
        let database = storage == "memory" ? try SQLiteDatabase(path: nil) : try TestDatabase().database
        let ledger = LedgerRepository(database: database)
        let silences = SQLiteSilenceRepository(database: database)
        try await silences.save([Self.silence], audit: .silenceSaved(Self.silence, by: "alice", at: t0))
        await #expect(throws: Boom.self) { try await ledger.record(event(1)) { _ in throw Boom() } }
        let (id, entries) = try await ledger.record { _ in ("s2", [event(2, details: ["id": "s2"]), event(3)]) }
        #expect(id == "s2" && entries.map(\.seq) == [2, 3])
        #expect(try await ledger.verify() == .valid(count: 3, head: LedgerHead(seq: 3, hash: entries[1].hash)))
        let directory = TestDatabase.temporaryDirectory()
        try await ledger.export(to: directory)
        #expect(try LedgerBundle.verify(directory: directory).headHash == entries[1].hash)
    }

    @Test func aChangeThatThrowsLeavesNeitherChangeNorEntry() async throws {
        let db = try TestDatabase()
        try await db.ledger.record(event(0)) { _ in }
        await #expect(throws: Boom.self) {
            try await db.ledger.record(event(1)) { db in
                try db.execute(sql: "INSERT INTO silence (id, matchers, startsAt, endsAt, updatedAt, createdBy, comment) "
                               + "VALUES ('x', '[]', 0, 1, 0, 'a', 'c')")
                throw Boom()
            }
        }
        #expect(try db.count("silence") == 0)
        #expect(try await db.ledger.head().seq == 1)
    }

    @Test func aLedgerInsertFailureRollsBackTheChange() async throws {
        let db = try TestDatabase()
        try db.raw { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON auditLedger BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
        }
        let silences = SQLiteSilenceRepository(database: db.database)
        await #expect(throws: DatabaseError.self) {
            try await silences.save([Self.silence], audit: .silenceSaved(Self.silence, by: "alice", at: t0))
        }
        #expect(try db.count("silence") == 0)
        #expect(try db.count("auditLedger") == 0)
    }

    @Test func anOversizedEventIsRefusedWithItsChange() async throws {
        let db = try TestDatabase()
        let silences = SQLiteSilenceRepository(database: db.database)
        let huge = AuditEvent(time: t0, actor: "alice", action: "silence.save", target: "s1",
                              details: ["comment": .string(String(repeating: "x", count: LedgerRepository.maxFieldBytes))])
        let error = await #expect(throws: LedgerError.self) { try await silences.save([Self.silence], audit: huge) }
        #expect(error?.description == "audit event details is 1048590 bytes; the ledger accepts at most 1048576")
        #expect(try db.count("silence") == 0)
    }

    @Test(arguments: hostileTexts)
    func hostileTextIsStoredVerbatim(_ text: String) async throws {
        let db = try TestDatabase()
        let event = AuditEvent(time: t0, actor: text, action: text, target: text, details: [text: .string(text), "k": [.string(text)]])
        let (_, written) = try await db.ledger.record(event) { _ in }
        let stored = try #require(try await db.ledger.entries().first)
        #expect(stored == written)
        #expect((stored.actor, stored.action, stored.target) == (text, text, text))
        #expect(stored.details == event.details.canonicalText)
        #expect(try await db.ledger.verify().isValid)
        let bundle = TestDatabase.temporaryDirectory()
        try await db.ledger.export(to: bundle)
        #expect(try LedgerBundle.verify(directory: bundle).count == 1)
    }

    @Test(arguments: ["actor", "action", "target"])
    func aNULIsRefusedNotTruncated(_ field: String) async throws {
        let db = try TestDatabase()
        var event = event(0)
        switch field {
        case "actor": event.actor = "a\u{0}b"
        case "action": event.action = "a\u{0}b"
        default: event.target = "a\u{0}b"
        }
        let error = await #expect(throws: StoredTextError.self) {
            try await db.ledger.record(event) { db in
                try db.execute(sql: "INSERT INTO silence (id, matchers, startsAt, endsAt, updatedAt, createdBy, comment) "
                               + "VALUES ('x', '[]', 0, 1, 0, 'a', 'c')")
            }
        }
        #expect(error?.description == "audit event \(field) must not contain the NUL character (U+0000)")
        #expect(try db.count("silence") == 0)
        // In details it is escaped, so it is kept.
        try await db.ledger.record(AuditEvent(time: t0, actor: "a", action: "b", target: "c", details: ["nul": "x\u{0}y"])) { _ in }
        #expect(try await db.ledger.entries().first?.details == #"{"nul":"x\u0000y"}"#)
    }

    @Test func triggersRefuseUpdatesAndDeletes() async throws {
        let db = try TestDatabase()
        try await db.ledger.record(event(0)) { _ in }
        for sql in ["UPDATE auditLedger SET actor = 'x'", "DELETE FROM auditLedger"] {
            let error = #expect(throws: DatabaseError.self) { try db.raw { try $0.execute(sql: sql) } }
            #expect(error?.message == "auditLedger is append-only")
        }
    }

    enum Tamper: String, CaseIterable {
        case oneByteOfDetails, oneRowDeleted, twoRowsSwapped

        /// Edits the file as someone holding it would, after dropping the triggers.
        func apply(to db: Database) throws {
            switch self {
            case .oneByteOfDetails:
                try db.execute(sql: #"UPDATE auditLedger SET details = replace(details, '"i":2', '"i":3') WHERE seq = 3"#)
            case .oneRowDeleted:
                try db.execute(sql: "DELETE FROM auditLedger WHERE seq = 3")
            case .twoRowsSwapped:
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM auditLedger WHERE seq IN (2, 4) ORDER BY seq")
                let set = "UPDATE auditLedger SET time = ?, actor = ?, action = ?, target = ?, details = ?, prevHash = ?, hash = ? WHERE seq = ?"
                func arguments(_ row: Row, seq: Int64, hash: String? = nil) -> StatementArguments {
                    [row["time"], row["actor"], row["action"], row["target"], row["details"], row["prevHash"],
                     hash ?? row["hash"], seq]
                }
                try db.execute(sql: set, arguments: arguments(rows[1], seq: 2, hash: String(repeating: "f", count: 64)))
                try db.execute(sql: set, arguments: arguments(rows[0], seq: 4))
                try db.execute(sql: set, arguments: arguments(rows[1], seq: 2))
            }
        }

        var expected: (seq: Int64, reason: String) {
            switch self {
            case .oneByteOfDetails: (3, "hash mismatch")
            case .oneRowDeleted: (3, "missing (gap in seq, next entry is 4)")
            case .twoRowsSwapped: (2, "hash mismatch")
            }
        }
    }

    @Test("tampering in SQLite is named", arguments: Tamper.allCases)
    func tamperingIsNamed(_ tamper: Tamper) async throws {
        let db = try TestDatabase()
        for i in 0..<5 { try await db.ledger.record(event(i, details: ["i": .int(Int64(i))])) { _ in } }
        #expect(try await db.ledger.verify().isValid)
        try db.dropLedgerTriggers()
        try db.raw { try tamper.apply(to: $0) }
        let failure = try #require(try await db.ledger.verify().failure, "\(tamper) went unnoticed")
        #expect(failure.seq == tamper.expected.seq)
        #expect(failure.description.hasPrefix("audit ledger entry \(tamper.expected.seq): \(tamper.expected.reason)"),
                "\(failure)")
    }

    @Test func anAnchorCatchesAConsistentlyRewrittenDatabase() async throws {
        let db = try TestDatabase()
        for i in 0..<5 { try await db.ledger.record(event(i)) { _ in } }
        let head = try await db.ledger.head()
        #expect(head.seq == 5)
        try await db.ledger.recordAnchor(LedgerAnchor(head: head, time: t0, receiver: "https://anchor.example/hook"))
        #expect(try await db.ledger.lastAnchor()?.head == head)
        #expect(try await db.ledger.verify().isValid)

        // Rewrite history: change entry 2's actor and re-hash every entry from there on.
        try db.dropLedgerTriggers()
        var entries = try await db.ledger.entries()
        entries[1].actor = "mallory"
        let rewritten = rehashedChain(entries)
        try db.raw { db in
            for entry in rewritten {
                try db.execute(sql: "UPDATE auditLedger SET actor = ?, prevHash = ?, hash = ? WHERE seq = ?",
                               arguments: [entry.actor, entry.prevHash, entry.hash, entry.seq])
            }
        }
        let stored = try await db.ledger.entries()
        #expect(stored == rewritten)
        #expect(LedgerVerifier.verify(stored).isValid)  // the chain alone cannot tell
        let failure = try #require(try await db.ledger.verify().failure)
        #expect(failure == LedgerBreak(seq: 5, reason: .anchorMismatch(anchoredHash: head.hash, found: rewritten[4].hash)))
    }

    @Test func aTruncatedLedgerMissesItsAnchor() async throws {
        let db = try TestDatabase()
        for i in 0..<3 { try await db.ledger.record(event(i)) { _ in } }
        try await db.ledger.recordAnchor(LedgerAnchor(head: try await db.ledger.head(), time: t0, receiver: "hook"))
        try db.dropLedgerTriggers()
        try db.raw { try $0.execute(sql: "DELETE FROM auditLedger WHERE seq = 3") }
        let failure = try #require(try await db.ledger.verify().failure)
        #expect(failure.seq == 3)
        guard case .anchorMissing = failure.reason else { Issue.record("\(failure)"); return }
    }

    @Test func concurrentRecordsFormOneChain() async throws {
        let db = try TestDatabase()
        let ledger = db.ledger
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 { group.addTask { try await ledger.record(event(i)) { _ in } } }
            try await group.waitForAll()
        }
        #expect(try await ledger.verify() == .valid(count: 40, head: try await ledger.head()))
    }
}
