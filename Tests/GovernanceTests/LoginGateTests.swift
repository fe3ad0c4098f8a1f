import Foundation
import Governance
import Persistence
import Testing
import VigilTestSupport

/// Sign-in through the throttle: lockout after repeated failures, ledgered, released by time.
@Suite struct LoginGateTests {
    @Test func repeatedFailuresLockOutEvenTheRightPassword() async throws {
        let db = try TestDatabase()
        let clock = ManualClock(t0)
        let access = SQLiteAccessRepository(database: db.database, roles: try RoleCatalog(), clock: clock, hasher: fastHasher)
        _ = try await access.createUser(name: "ann", role: "approver", password: "right", by: "admin")
        let gate = LoginGate(access: access, ledger: db.ledger, clock: clock,
                             policy: LoginThrottle.Policy(userFailures: 2, window: 60, lockout: 300))
        for _ in 0..<2 {
            await #expect(throws: AuthError.invalidCredentials) { try await gate.signIn(name: "ann", password: "wrong", address: "10.0.0.9") }
        }
        await #expect(throws: AuthError.lockedOut(until: t0 + 300)) {
            try await gate.signIn(name: "ann", password: "right", address: "10.0.0.1")
        }
        let entries = try await db.ledger.entries().filter { $0.action.hasPrefix("auth.") }
        #expect(entries.map(\.action) == ["auth.login_failed", "auth.login_failed", "auth.lockout"])
        #expect(entries.map(\.actor) == ["anonymous@10.0.0.9", "anonymous@10.0.0.9", "system"])
        #expect(entries.map(\.target) == ["ann", "ann", "ann"])
        #expect(entries.last?.details == #"{"address":"10.0.0.9","key":"user","until":1700000300000,"user":"ann"}"#)
        clock.advance(by: 300)
        #expect(try await gate.signIn(name: "ann", password: "right", address: "10.0.0.1").user.name == "ann")
    }
}

extension LoginGateTests {
    @Test("names that are not names are ledgered verbatim, never run", arguments: [
        ("x'; DROP TABLE user; --", "x'; DROP TABLE user; --"),
        ("a\u{0}b", "a\u{FFFD}b"),
        ("\u{1B}[31mred\n", "\u{1B}[31mred\n"),
        (String(repeating: "n", count: 300), String(repeating: "n", count: 256)),
    ])
    func hostileNames(name: String, target: String) async throws {
        let db = try TestDatabase()
        let clock = ManualClock(t0)
        let access = SQLiteAccessRepository(database: db.database, roles: try RoleCatalog(), clock: clock, hasher: fastHasher)
        _ = try await access.createUser(name: "ann", role: "viewer", password: "right", by: "admin")
        let gate = LoginGate(access: access, ledger: db.ledger, clock: clock)
        await #expect(throws: AuthError.invalidCredentials) { try await gate.signIn(name: name, password: "right", address: "10.0.0.9") }
        #expect(try await db.ledger.entries().last?.target == target)
        #expect(try await access.users().map(\.name) == ["ann"])
    }
}
