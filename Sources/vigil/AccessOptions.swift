import ArgumentParser
import Foundation
import Governance
import Persistence
import Server
import VigilConfig
import VigilCore

/// Options shared by `vigil user` and `vigil token`: which state database, which roles, who acts.
struct AccessOptions: ParsableArguments {
    @Option(name: .long, help: "Vigil's data directory (holds vigil.sqlite).")
    var dataDir = "vigil-data"

    @Option(name: .long, help: "Config file whose `roles:` section defines custom roles (built-in roles without it).")
    var config: String?

    @Option(name: .long, help: "Who the audit ledger records as making the change (default: local:<OS user>).")
    var actor: String?

    /// The ledger's actor for this invocation.
    var resolvedActor: String { actor ?? "local:\(ProcessInfo.processInfo.userName)" }

    /// Users and tokens in the data directory's database, created when `create` is set.
    func repository(create: Bool) throws -> SQLiteAccessRepository {
        let path = (dataDir as NSString).appendingPathComponent("vigil.sqlite")
        if create {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        } else if !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no state database at \(path)")
        }
        var roles = try RoleCatalog()
        if let config {
            do { roles = try VigilConfiguration.load(path: config).roleCatalog() } catch let error as ConfigErrors {
                throw ValidationError(error.errors.map(\.description).joined(separator: "\n"))
            }
        }
        return SQLiteAccessRepository(database: try SQLiteDatabase(path: path), roles: roles, clock: SystemClock(),
                                      hasher: try PasswordHasher())
    }

    /// The user named `name`, or a clear error.
    func user(named name: String, in access: SQLiteAccessRepository) async throws -> User {
        guard let user = try await access.user(named: name) else { throw ValidationError("no user named \(quoteGoString(name))") }
        return user
    }
}

/// Prints a line to standard error (progress and receipts; standard output is for data).
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
