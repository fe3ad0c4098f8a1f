import Foundation

/// Where silences survive restarts. `Persistence` implements it on SQLite; tests may use
/// `InMemorySilenceRepository`.
public protocol SilenceRepository: Sendable {
    func loadAll() async throws -> [Silence]
    /// Inserts or replaces silences in one transaction, together with the audit-ledger record of
    /// who did it (`action` is `silence.create`, `silence.update`, `silence.replace` or
    /// `silence.expire`): both are stored or neither is.
    func save(_ silences: [Silence], by actor: String, action: String, at time: Date) async throws
    /// Deletes silences that expired before `cutoff` (retention).
    func deleteExpired(before cutoff: Double) async throws -> Int
}

/// A repository that keeps silences in memory only.
public actor InMemorySilenceRepository: SilenceRepository {
    private var rows: [String: Silence] = [:]
    public init() {}
    public func loadAll() -> [Silence] { Array(rows.values) }
    public func save(_ silences: [Silence], by actor: String, action: String, at time: Date) {
        for silence in silences { rows[silence.id] = silence }
    }
    public func deleteExpired(before cutoff: Double) -> Int {
        let old = rows.values.filter { $0.endsAt.timeIntervalSince1970 < cutoff }
        for silence in old { rows.removeValue(forKey: silence.id) }
        return old.count
    }
}
