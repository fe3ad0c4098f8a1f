import Foundation
import Governance
import Synchronization

/// Principals of bearer tokens verified in the last `ttl` seconds, keyed by the token's SHA-256,
/// so a client sending many requests costs one database lookup per `ttl`, not one per request
/// (Benchmarks/auth_overhead.py: the lookup was most of the cost of authentication).
///
/// Only successes are kept: a forged, expired or revoked token is looked up every time. Tokens
/// are revoked, users disabled and roles changed by `vigil token` / `vigil user` in another
/// process, which cannot reach this cache, so such a change takes effect within `ttl`; a reload
/// starts a new cache (the roles may have changed).
final class VerifiedTokenCache: Sendable {
    private struct Entry: Sendable {
        let principal: Principal
        let validUntil: Date
    }

    /// Seconds a verified token is trusted without asking the database again.
    let ttl: TimeInterval
    /// Most entries kept; when full, the cache starts over (many distinct tokens at once is rare).
    let capacity: Int
    /// Guards the entries, keyed by the token's SHA-256 (hex).
    private let entries = Mutex<[String: Entry]>([:])

    init(ttl: TimeInterval = 1, capacity: Int = 1024) {
        self.ttl = ttl
        self.capacity = capacity
    }

    /// The principal `secret` was verified as within the last `ttl` before `now`, else `verify()`'s,
    /// which is then kept until `now + ttl`.
    func principal(for secret: TokenSecret, at now: Date, verify: () async throws -> Principal) async throws -> Principal {
        let key = secret.hash
        if let entry = entries.withLock({ $0[key] }), now < entry.validUntil { return entry.principal }
        let principal = try await verify()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(principal: principal, validUntil: now.addingTimeInterval(ttl))
        }
        return principal
    }
}
