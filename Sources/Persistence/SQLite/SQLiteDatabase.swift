import Foundation
import GRDB

/// Vigil's embedded state database: one SQLite file in the data directory, in WAL mode,
/// migrated to the current schema when opened.
public final class SQLiteDatabase: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) `path`, or an in-memory database when `path` is nil.
    public init(path: String?) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        if let path {
            let pool = try DatabasePool(path: path, configuration: configuration)
            writer = pool
        } else {
            writer = try DatabaseQueue(configuration: configuration)
        }
        try DatabaseMigrator.vigil.migrate(writer)
    }

    /// Whether the database answers a trivial query, for `/health`.
    public func ping() async -> Bool {
        do {
            return try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") == 1 }
        } catch {
            return false
        }
    }
}
