import Foundation
import Governance
import Persistence
import Testing

/// Prints the durable append rate on disk (WAL, one transaction per entry); asserts no timing.
@Suite struct LedgerAppendRateTests {
    @Test func reportsTheAppendRate() async throws {
        let db = try TestDatabase()
        let count = 500
        let start = ContinuousClock.now
        for i in 0..<count { try await db.ledger.record(event(i, details: ["i": .int(Int64(i)), "comment": "a typical comment"])) { _ in } }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("ledger append rate: \(count) entries in \(seconds) s = \(Int(Double(count) / seconds)) entries/s (\(db.path))")
        #expect(try await db.ledger.verify() == .valid(count: count, head: try await db.ledger.head()))
    }
}
