import Foundation
import GRDB
import Governance
import Persistence
import Testing

/// Prints durable append rates on disk; asserts no timing, only that the chain is whole.
@Suite(.serialized) struct LedgerAppendRateTests {
    static let count = 300

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func report(_ label: String, _ duration: Duration) {
        let s = seconds(duration)
        print("ledger append rate (\(label)): \(count) entries in \(String(format: "%.3f", s)) s = \(Int(Double(count) / s)) entries/s")
    }

    @Test func asTheServerRunsIt() async throws {
        // SQLiteDatabase: WAL, GRDB's synchronous = NORMAL (durable across a crash of Vigil;
        // the last commits may be lost on power failure), one transaction per entry.
        let db = try TestDatabase()
        let start = ContinuousClock.now
        for i in 0..<Self.count { try await db.ledger.record(event(i, details: ["i": .int(Int64(i)), "comment": "typical"])) { _ in } }
        Self.report("WAL, synchronous=NORMAL, one entry per transaction", ContinuousClock.now - start)
        #expect(try await db.ledger.verify() == .valid(count: Self.count, head: try await db.ledger.head()))
    }

    @Test func withAnFsyncPerCommit() async throws {
        // synchronous = FULL: every commit is on disk before it returns.
        let db = try TestDatabase()
        var configuration = Configuration()
        configuration.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        let queue = try DatabaseQueue(path: db.path, configuration: configuration)
        let start = ContinuousClock.now
        for i in 0..<Self.count {
            _ = try await queue.write { try LedgerRepository.append(event(i, details: ["i": .int(Int64(i))]), in: $0) }
        }
        Self.report("WAL, synchronous=FULL, one entry per transaction", ContinuousClock.now - start)
        #expect(try await db.ledger.verify().isValid)
    }
}
