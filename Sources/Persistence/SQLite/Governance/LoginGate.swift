import Foundation
import Governance
import VigilCore

/// Password sign-in behind `LoginThrottle`: refuses locked-out addresses and users before
/// hashing anything, counts failures, and ledgers each failure (`auth.login_failed`) with the
/// lockouts it caused (`auth.lockout`) in one transaction. Attempts refused while locked out
/// are reported to `AuthEvents` but not ledgered: the lockout entry already stands for them.
///
/// ```swift
/// let gate = LoginGate(access: access, ledger: ledger, clock: clock, events: metrics)
/// let principal = try await gate.signIn(name: body.name, password: body.password, address: remoteAddress)
/// ```
public actor LoginGate {
    private var throttle: LoginThrottle
    private let access: SQLiteAccessRepository
    private let ledger: LedgerRepository
    private let clock: any VigilCore.Clock
    private let events: any AuthEvents

    public init(access: SQLiteAccessRepository, ledger: LedgerRepository, clock: any VigilCore.Clock,
                policy: LoginThrottle.Policy = LoginThrottle.Policy(), events: any AuthEvents = IgnoredAuthEvents()) {
        self.throttle = LoginThrottle(policy: policy)
        self.access = access
        self.ledger = ledger
        self.clock = clock
        self.events = events
    }

    /// Installs new limits (a reload); failures counted so far are kept.
    public func apply(_ policy: LoginThrottle.Policy) { throttle.policy = policy }

    /// Signs `name` in from `address` (the client's IP as the server sees it).
    /// - Throws: `AuthError.lockedOut` while either key is locked; `.invalidCredentials` or
    ///   `.userDisabled` from the check itself.
    public func signIn(name: String, password: String, address: String) async throws -> Principal {
        let now = clock.now()
        throttle.prune(now: now)
        do {
            try throttle.check(address: address, user: name, now: now)
        } catch {
            events.loginFailed(address: address, user: name)
            throw error
        }
        do {
            let principal = try await access.authenticate(name: name, password: password)
            throttle.recordSuccess(user: name)
            return principal
        } catch AuthError.invalidCredentials {
            let lockouts = throttle.recordFailure(address: address, user: name, now: now)
            try await ledger.record { _ in
                ((), [Self.failure(name: name, address: address, at: now)] + lockouts.map { Self.lockout($0, name: name, address: address, at: now) })
            }
            events.loginFailed(address: address, user: name)
            for lockout in lockouts { events.lockedOut(lockout) }
            throw AuthError.invalidCredentials
        }
    }

    private static func failure(name: String, address: String, at now: Date) -> AuditEvent {
        AuditEvent(time: now, actor: "anonymous@\(address)", action: "auth.login_failed", target: storable(name),
                   details: ["address": .string(address)])
    }

    private static func lockout(_ lockout: LoginThrottle.Lockout, name: String, address: String, at now: Date) -> AuditEvent {
        let (kind, key) = switch lockout.key {
        case .address(let address): ("address", address)
        case .user(let user): ("user", user)
        }
        return AuditEvent(time: now, actor: "system", action: "auth.lockout", target: storable(key), details: [
            "key": .string(kind), "address": .string(address), "user": .string(storable(name)), "until": .int(millis(lockout.until)),
        ])
    }

    /// A name someone typed as the ledger can hold it: NUL shown as U+FFFD, at most 256 UTF-8 bytes.
    static func storable(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
        guard clean.utf8.count > 256 else { return clean }
        return String(decoding: clean.utf8.prefix(256), as: UTF8.self)
    }
}
