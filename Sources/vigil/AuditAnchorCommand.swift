import ArgumentParser
import AsyncHTTPClient
import Foundation
import Governance
import Logging
import Persistence
import Prometheus
import Server
import VigilCore

extension AuditCommand {
    /// `vigil audit anchor`: one anchoring attempt now, as the server makes every `audit.anchor.interval`.
    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the ledger head to audit.anchor.url now, if it changed since the last anchor, and record it. Exit 1 on failure.")

        @Option(name: .long, help: "Vigil's data directory.")
        var dataDir = "vigil-data"

        @Option(name: .long, help: "The config file with the audit.anchor section.")
        var config: String

        func run() async throws {
            let loaded = try VigilConfiguration.load(path: config)
            guard let anchor = loaded.audit.anchor else { throw ValidationError("\(config) has no audit.anchor section") }
            let ledger = LedgerRepository(database: try openStateDatabase(dataDir: dataDir))
            let client = LedgerAnchorer.makeClient()
            let outcome: AnchorOutcome
            do {
                // The outcome is printed; the service's log lines would only repeat it.
                let anchorer = try LedgerAnchorer(config: anchor, ledger: ledger, client: client, clock: SystemClock(),
                                                  registry: PrometheusCollectorRegistry(),
                                                  logger: Logger(label: "vigil", factory: { _ in SwiftLogNoOpLogHandler() }))
                outcome = await anchorer.anchorNow()
            } catch {
                try? await client.shutdown()
                throw error
            }
            try? await client.shutdown()
            switch outcome {
            case .anchored(let head):
                print("anchored: seq \(head.seq) hash \(head.hash) to \(anchor.receiverName)")
            case .unchanged:
                print("nothing to anchor: the head is the one last anchored (or the ledger is empty)")
            case .failed(let message, _):
                print("anchor FAILED: \(message)")
                throw ExitCode(1)
            }
        }
    }
}

/// The state database in `dataDir`, which must exist.
func openStateDatabase(dataDir: String) throws -> SQLiteDatabase {
    let path = (dataDir as NSString).appendingPathComponent("vigil.sqlite")
    guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no state database at \(path)") }
    return try SQLiteDatabase(path: path)
}
