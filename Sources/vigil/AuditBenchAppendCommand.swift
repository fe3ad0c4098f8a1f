import ArgumentParser
import Foundation
import Governance
import Persistence
import VigilCore

extension AuditCommand {
    /// `vigil audit bench-append N`: hidden; appends N synthetic entries through the server's own
    /// append path, to measure durable appends and `audit verify` on a large ledger
    /// (Benchmarks/ledger.sh, docs/BENCHMARKS.md). Never run it on a real data directory.
    struct BenchAppend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-append", abstract: "Benchmark only: append N synthetic ledger entries.", shouldDisplay: false)

        @Argument(help: "How many entries.")
        var count: Int

        @Option(name: .long, help: "Data directory (created if missing).")
        var dataDir: String

        @Option(name: .long, help: "Entries per transaction (1 = one commit per entry, as the server records changes).")
        var perTransaction = 1

        func validate() throws {
            if count < 1 { throw ValidationError("N must be at least 1") }
            if perTransaction < 1 { throw ValidationError("--per-transaction must be at least 1") }
        }

        func run() async throws {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
            let ledger = LedgerRepository(database: try SQLiteDatabase(path: (dataDir as NSString).appendingPathComponent("vigil.sqlite")))
            let clock = SystemClock()
            let start = ContinuousClock.now
            var written = 0
            while written < count {
                let now = clock.now()
                let batch = (written..<min(written + perTransaction, count)).map { Self.event($0, at: now) }
                try await ledger.record { _ in ((), batch) }
                written += batch.count
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(String(format: "appended %d entries in %.3f s: %.0f entries/s, %.0f commits/s", count, seconds,
                         Double(count) / seconds, Double((count + perTransaction - 1) / perTransaction) / seconds))
        }

        /// An entry shaped like a silence change: a user, a UUID-sized target, matchers and a comment.
        static func event(_ i: Int, at time: Date) -> AuditEvent {
            AuditEvent(time: time, actor: "bench-user-\(i % 16)", action: "silence.save",
                       target: String(format: "%08x-0000-4000-8000-%012x", i, i),
                       details: ["matchers": .array([.string("alertname=\"HighLatency\""), .string("instance=\"host-\(i % 100):9100\"")]),
                                 "comment": .string("benchmark entry \(i)"), "endsAt": .int(1_700_000_000_000 + Int64(i))])
        }
    }
}
