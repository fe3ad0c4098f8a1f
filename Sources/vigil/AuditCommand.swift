import ArgumentParser
import Foundation
import Governance
import Persistence

/// `vigil audit verify` and `vigil audit export`: check the hash-chained ledger in the state
/// database, or a bundle offline with no database.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify and export the audit ledger.", subcommands: [Verify.self, Export.self])

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
            let path = (dataDir as NSString).appendingPathComponent("vigil.sqlite")
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("no state database at \(path)")
            }
            switch try await LedgerRepository(database: try SQLiteDatabase(path: path)).verify() {
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
            let path = (dataDir as NSString).appendingPathComponent("vigil.sqlite")
            guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no state database at \(path)") }
            let manifest = try await LedgerRepository(database: try SQLiteDatabase(path: path))
                .export(from: from, through: to, to: URL(fileURLWithPath: directory))
            print("exported \(manifest.count) entries, seq \(manifest.firstSeq)...\(manifest.lastSeq), head hash \(manifest.headHash)")
        }
    }
}
