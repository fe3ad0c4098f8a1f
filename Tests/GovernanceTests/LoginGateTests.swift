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
                             policy: LoginThrottle.Policy(maxFailures: 2, window: 60, lockout: 300))
        for _ in 0..<2 {
            await #expect(throws: AuthError.invalidCredentials) { try await gate.signIn(name: "ann", password: "wrong", address: "10.0.0.9") }
        }
        await #expect(throws: AuthError.lockedOut(until: t0 + 300)) {
            try await gate.signIn(name: "ann", password: "right", address: "10.0.0.1")
        }
        let lockouts = try await db.ledger.entries().filter { $0.action == "auth.lockout" }
        #expect(lockouts.map(\.target) == ["ann"])
        #expect(lockouts.first?.details == #"{"address":"10.0.0.9","until":1700000300000}"#)
        clock.advance(by: 300)
        #expect(try await gate.signIn(name: "ann", password: "right", address: "10.0.0.1").user.name == "ann")
    }
}
