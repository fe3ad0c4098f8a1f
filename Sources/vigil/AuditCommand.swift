import ArgumentParser
import Foundation
import Governance
import Persistence

/// `vigil audit verify`, `export` and `anchor`: check the hash-chained ledger in the state
/// database (or a bundle offline, with no database), write a bundle, anchor the head now.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify, export and anchor the audit ledger.", subcommands: [Verify.self, Export.self, Anchor.self, BenchAppend.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the whole chain (and the last anchor); name the first broken entry. Exit 1 when broken.")

        @Option(name: .long, help: "Vigil's data directory.")
        var dataDir = "vigil-data"

        @Option(name: .long, help: "Verify an exported bundle directory instead, without any database.")
        var bundle: String?

        func run() async throws {
            if let bundle {
                do {
                    let manifest = try LedgerBundle.verify(directory: URL(fileURLWithPath: bundle))
                    print("bundle OK: \(manifest.count) entries, seq \(manifest.firstSeq)...\(manifest.lastSeq), head hash \(manifest.headHash)")
                } catch {
                    print("bundle BROKEN: \(error)")
                    throw ExitCode(1)
                }
                return
            }
            switch try await LedgerRepository(database: try openStateDatabase(dataDir: dataDir)).verify() {
            case .valid(let count, let head):
                print("ledger OK: \(count) entries, head seq \(head.seq) hash \(head.hash)")
            case .broken(let failure):
                print("ledger BROKEN: \(failure)")
                throw ExitCode(1)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write entries as a bundle (ledger.jsonl + MANIFEST.sha256) that `audit verify --bundle` checks offline.")

        @Option(name: .long, help: "Vigil's data directory.")
        var dataDir = "vigil-data"

        @Option(name: .long, help: "First sequence number (default 1).")
        var from: Int64 = 1

        @Option(name: .long, help: "Last sequence number (default: the head).")
        var to: Int64?

        @Argument(help: "Directory to write the bundle to.")
        var directory: String

        func run() async throws {
            let manifest = try await LedgerRepository(database: try openStateDatabase(dataDir: dataDir))
                .export(from: from, through: to, to: URL(fileURLWithPath: directory))
            print("exported \(manifest.count) entries, seq \(manifest.firstSeq)...\(manifest.lastSeq), head hash \(manifest.headHash)")
        }
    }
}
