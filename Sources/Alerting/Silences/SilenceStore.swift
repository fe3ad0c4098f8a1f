import Foundation
import VigilCore

/// Holds all silences; every rule about creating, updating and expiring them lives here.
/// Writes reach the repository before they are acknowledged.
public actor SilenceStore {
    private var silences: [String: Silence] = [:]
    private let repository: any SilenceRepository
    private let clock: any VigilCore.Clock
    private let makeID: @Sendable () -> String

    public init(repository: any SilenceRepository, clock: any VigilCore.Clock,
                makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.repository = repository
        self.clock = clock
        self.makeID = makeID
    }

    /// Loads the stored silences; call once before serving.
    public func load() async throws {
        for silence in try await repository.loadAll() { silences[silence.id] = silence }
    }

    /// All silences; the API filters them.
    public func list() -> [Silence] { Array(silences.values) }

    public func get(_ id: String) throws(SilenceError) -> Silence {
        guard let silence = silences[id] else { throw .notFound(id) }
        return silence
    }

    /// Creates a silence, or updates the one named by `id`, as Alertmanager's `Silences.Set`:
    /// a start in the past becomes now; an active silence whose matchers or start change is
    /// expired and replaced by a new one with a new ID. Returns the ID in effect.
    /// - Parameter actor: who the ledger records; nil records `createdBy` (nobody was authenticated).
    public func set(id: String?, matchers: [LabelMatcher], startsAt: Date, endsAt: Date, createdBy: String,
                    comment: String, by actor: String? = nil) async throws -> String {
        let now = clock.now()
        let actor = actor ?? createdBy
        var silence = Silence(id: id ?? "", matchers: matchers, startsAt: startsAt, endsAt: endsAt,
                              updatedAt: now, createdBy: createdBy, comment: comment)
        if endsAt <= now { throw SilenceError.invalid("end time can't be in the past") }
        if let id, !id.isEmpty {
            guard let existing = silences[id] else { throw SilenceError.notFound(id) }
            if canUpdate(existing, to: silence, now: now) {
                try silence.validate()
                try await repository.save([silence], by: actor, action: "silence.update", at: now)
                silences[id] = silence
                return id
            }
            // Replace: expire the old one and create a new one, in one repository write.
            var expired = existing
            if existing.state(at: now) != .expired {
                expired.endsAt = existing.startsAt > now ? existing.startsAt : now
                expired.updatedAt = now
            }
            silence.id = makeID()
            silence.startsAt = max(silence.startsAt, now)
            try silence.validate()
            try await repository.save([expired, silence], by: actor, action: "silence.replace", at: now)
            silences[expired.id] = expired
            silences[silence.id] = silence
            return silence.id
        }
        silence.id = makeID()
        silence.startsAt = max(silence.startsAt, now)
        try silence.validate()
        try await repository.save([silence], by: actor, action: "silence.create", at: now)
        silences[silence.id] = silence
        return silence.id
    }

    /// Ends a silence now (a pending one ends at its start, as Alertmanager does); `actor` is
    /// recorded in the audit ledger.
    public func expire(_ id: String, by actor: String = "api") async throws {
        let now = clock.now()
        guard var silence = silences[id] else { throw SilenceError.notFound(id) }
        switch silence.state(at: now) {
        case .expired: throw SilenceError.alreadyExpired(id)
        case .active: silence.endsAt = now
        case .pending:
            silence.startsAt = now
            silence.endsAt = now
        }
        silence.updatedAt = now
        try await repository.save([silence], by: actor, action: "silence.expire", at: now)
        silences[id] = silence
    }

    /// Forgets silences that expired before `cutoff` (retention); returns how many.
    public func deleteExpired(before cutoff: Date) async throws -> Int {
        let removed = try await repository.deleteExpired(before: cutoff.timeIntervalSince1970)
        for (id, silence) in silences where silence.endsAt < cutoff { silences[id] = nil }
        return removed
    }

    /// IDs of the active silences that mute `labels` at `now`, sorted.
    public func mutes(_ labels: Labels, at now: Date) -> [String] {
        silences.values.filter { $0.mutes(labels, at: now) }.map(\.id).sorted()
    }

    /// A snapshot of the silences active at `now`, for muting many alerts without actor hops.
    public func activeSnapshot(at now: Date) -> [Silence] {
        silences.values.filter { $0.state(at: now) == .active }
    }

    public func count(in state: Silence.State, at now: Date) -> Int {
        silences.values.filter { $0.state(at: now) == state }.count
    }

    private func canUpdate(_ existing: Silence, to new: Silence, now: Date) -> Bool {
        guard existing.matchers == new.matchers else { return false }
        switch existing.state(at: now) {
        case .expired: return false
        // An active silence keeps its start; only its end (not into the past) and text change.
        case .active: return new.startsAt == existing.startsAt && new.endsAt >= now
        case .pending: return new.startsAt >= now
        }
    }
}
