import Foundation
import Governance
import VigilCore

/// Password sign-in behind `LoginThrottle`: refuses locked-out addresses and users before
/// hashing anything, counts failures, and ledgers each lockout as `auth.lockout`.
///
/// ```swift
/// let gate = LoginGate(access: access, ledger: ledger, clock: clock)
/// let principal = try await gate.signIn(name: body.name, password: body.password, address: remoteAddress)
/// ```
public actor LoginGate {
    private var throttle: LoginThrottle
    private let access: SQLiteAccessRepository
    private let ledger: LedgerRepository
    private let clock: any VigilCore.Clock

    public init(access: SQLiteAccessRepository, ledger: LedgerRepository, clock: any VigilCore.Clock,
                policy: LoginThrottle.Policy = LoginThrottle.Policy()) {
        self.throttle = LoginThrottle(policy: policy)
        self.access = access
        self.ledger = ledger
        self.clock = clock
    }

    /// Signs `name` in from `address` (the client's IP as the server sees it).
    /// - Throws: `AuthError.lockedOut` while either key is locked; `.invalidCredentials` or
    ///   `.userDisabled` from the check itself.
    public func signIn(name: String, password: String, address: String) async throws -> Principal {
        let now = clock.now()
        throttle.prune(now: now)
        try throttle.check(address: address, user: name, now: now)
        do {
            let principal = try await access.authenticate(name: name, password: password)
            throttle.recordSuccess(user: name)
            return principal
        } catch AuthError.invalidCredentials {
            if let until = throttle.recordFailure(address: address, user: name, now: now) {
                let lockout = AuditEvent(time: now, actor: "system", action: "auth.lockout", target: name, details: [
                    "address": .string(address), "until": .int(Int64((until.timeIntervalSince1970 * 1000).rounded(.down))),
                ])
                // A name with NUL cannot be stored; the lockout still holds in memory.
                _ = try? await ledger.record(lockout) { _ in }
            }
            throw AuthError.invalidCredentials
        }
    }
}
