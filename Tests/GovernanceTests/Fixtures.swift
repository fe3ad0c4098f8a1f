import Foundation
import GRDB
import Governance
import Persistence
import Testing
import VigilTestSupport

/// A fresh on-disk database, plus raw SQLite access to it for tampering as an attacker would.
struct TestDatabase {
    let path: String
    let database: SQLiteDatabase
    let ledger: LedgerRepository

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-gov-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appending(path: "vigil.sqlite").path
        database = try SQLiteDatabase(path: path)
        ledger = LedgerRepository(database: database)
    }

    /// Runs `body` on a separate connection to the same file, in one transaction.
    func raw<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path)
        return try queue.write(body)
    }

    /// What an attacker with the file does first: remove the append-only triggers.
    func dropLedgerTriggers() throws {
        try raw { db in
            for name in ["auditLedger_no_update", "auditLedger_no_delete", "auditAnchor_no_update", "auditAnchor_no_delete"] {
                try db.execute(sql: "DROP TRIGGER \(name)")
            }
        }
    }

    func count(_ table: String) throws -> Int {
        try raw { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appending(path: "vigil-bundle-\(UUID().uuidString)")
    }
}

let t0 = Date(timeIntervalSince1970: 1_700_000_000)

/// Text that must be stored verbatim in every field: SQL metacharacters, quotes, control
/// characters, NUL, non-ASCII, JSON syntax.
let hostileTexts: [String] = [
    "'; DROP TABLE auditLedger;--",
    "Robert'); DELETE FROM user WHERE ('1'='1",
    "\"quoted\" \\ backslash",
    "line1\nline2\r\ttab\u{1}soh\u{7}bell\u{1B}[31mred\u{7F}",
    "é ✓ 🔔 \u{202E}rtl",
    "{\"json\":[1,2]}",
    "%_ LIKE wildcards ?1 :name $1",
    "",
]

func event(_ i: Int, actor: String = "alice", details: AuditValue = [:]) -> AuditEvent {
    AuditEvent(time: t0.addingTimeInterval(Double(i)), actor: actor, action: "test.step", target: "t\(i)", details: details)
}

struct Boom: Error, Equatable {}

/// The lowest PBKDF2 cost swift-crypto accepts, to keep tests quick.
let fastHasher: PasswordHasher = {
    do { return try PasswordHasher(iterations: PasswordHasher.minimumIterations) } catch { preconditionFailure("BUG: \(error)") }
}()
