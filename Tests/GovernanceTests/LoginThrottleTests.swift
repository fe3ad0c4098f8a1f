import Foundation
import Governance
import Testing

/// Lockout after N failures within the window, per address and per user.
@Suite struct LoginThrottleTests {
    static let policy = LoginThrottle.Policy(userFailures: 3, addressFailures: 3, window: 60, lockout: 300)

    @Test func theNthFailureWithinTheWindowLocksBothKeys() throws {
        var throttle = LoginThrottle(policy: Self.policy)
        #expect(throttle.recordFailure(address: "10.0.0.1", user: "ann", now: t0).isEmpty)
        #expect(throttle.recordFailure(address: "10.0.0.1", user: "ann", now: t0 + 10).isEmpty)
        try throttle.check(address: "10.0.0.1", user: "ann", now: t0 + 11)
        #expect(throttle.recordFailure(address: "10.0.0.1", user: "ann", now: t0 + 20).map(\.key) == [.address("10.0.0.1"), .user("ann")])
        #expect(throws: AuthError.lockedOut(until: t0 + 320)) { try throttle.check(address: "10.0.0.1", user: "bob", now: t0 + 21) }
        #expect(throws: AuthError.lockedOut(until: t0 + 320)) { try throttle.check(address: "10.9.9.9", user: "ann", now: t0 + 21) }
        try throttle.check(address: "10.9.9.9", user: "bob", now: t0 + 21)
        try throttle.check(address: "10.0.0.1", user: "ann", now: t0 + 320)
    }

    @Test("failures spread beyond the window do not lock", arguments: [61.0, 120.0])
    func oldFailuresExpire(gap: TimeInterval) throws {
        var throttle = LoginThrottle(policy: Self.policy)
        for i in 0..<6 {
            #expect(throttle.recordFailure(address: "a", user: "u", now: t0 + Double(i) * gap).isEmpty)
        }
        try throttle.check(address: "a", user: "u", now: t0 + 6 * gap)
    }

    @Test func successClearsTheUserButNotTheAddress() throws {
        var throttle = LoginThrottle(policy: Self.policy)
        throttle.recordFailure(address: "a", user: "u", now: t0)
        throttle.recordFailure(address: "a", user: "u", now: t0 + 1)
        throttle.recordSuccess(user: "u")
        #expect(throttle.recordFailure(address: "b", user: "u", now: t0 + 2).isEmpty)  // user count restarted
        #expect(throttle.recordFailure(address: "a", user: "v", now: t0 + 3) == [.init(key: .address("a"), until: t0 + 303)])  // address kept counting
    }

    @Test func anAddressGuessingManyUsersIsLockedAtItsOwnLimit() throws {
        var throttle = LoginThrottle(policy: LoginThrottle.Policy(userFailures: 5, addressFailures: 50, window: 60, lockout: 300))
        for i in 0..<49 {
            #expect(throttle.recordFailure(address: "203.0.113.7", user: "user\(i)", now: t0).isEmpty)
        }
        #expect(throttle.recordFailure(address: "203.0.113.7", user: "last", now: t0) == [.init(key: .address("203.0.113.7"), until: t0 + 300)])
        #expect(throws: AuthError.lockedOut(until: t0 + 300)) { try throttle.check(address: "203.0.113.7", user: "fresh", now: t0 + 1) }
        try throttle.check(address: "203.0.113.8", user: "user1", now: t0 + 1)
    }

    @Test func pruningForgetsQuietKeys() {
        var throttle = LoginThrottle(policy: Self.policy)
        throttle.recordFailure(address: "a", user: "u", now: t0)
        #expect(throttle.trackedKeys == 2)
        throttle.prune(now: t0 + 61)
        #expect(throttle.trackedKeys == 0)
    }
}
