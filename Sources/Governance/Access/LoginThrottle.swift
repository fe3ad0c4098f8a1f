import Foundation

/// Counts failed sign-ins per client address and per user name and locks a key out after
/// `maxFailures` failures within `window`, for `lockout`. Pure: the caller passes `now`
/// and keeps the value in an actor (the login endpoint's).
public struct LoginThrottle: Sendable, Hashable {
    /// What failures are counted against.
    public enum Key: Sendable, Hashable {
        case address(String)
        case user(String)
    }

    public struct Policy: Sendable, Hashable {
        public var maxFailures: Int
        /// Seconds within which failures count together.
        public var window: TimeInterval
        /// Seconds a key stays locked.
        public var lockout: TimeInterval

        public init(maxFailures: Int = 5, window: TimeInterval = 15 * 60, lockout: TimeInterval = 15 * 60) {
            self.maxFailures = max(1, maxFailures)
            self.window = window
            self.lockout = lockout
        }
    }

    private struct Counter: Sendable, Hashable {
        var failures: [Date] = []
        var lockedUntil: Date?
    }

    public let policy: Policy
    private var counters: [Key: Counter] = [:]

    public init(policy: Policy = Policy()) { self.policy = policy }

    /// Throws `AuthError.lockedOut` with the later unlock time when either key is locked.
    public func check(address: String, user: String, now: Date) throws(AuthError) {
        let until = [Key.address(address), .user(user)].compactMap { counters[$0]?.lockedUntil }.filter { $0 > now }.max()
        if let until { throw .lockedOut(until: until) }
    }

    /// Records a failed attempt against both keys; returns the lockout end if this one locked either.
    @discardableResult
    public mutating func recordFailure(address: String, user: String, now: Date) -> Date? {
        var locked: Date?
        for key in [Key.address(address), .user(user)] {
            var counter = counters[key, default: Counter()]
            counter.failures = counter.failures.filter { now.timeIntervalSince($0) < policy.window } + [now]
            if counter.failures.count >= policy.maxFailures {
                let until = now.addingTimeInterval(policy.lockout)
                counter.lockedUntil = until
                counter.failures = []
                locked = max(locked ?? until, until)
            }
            counters[key] = counter
        }
        return locked
    }

    /// A successful sign-in clears the user's count (not the address's: one address may be guessing many users).
    public mutating func recordSuccess(user: String) { counters[.user(user)] = nil }

    /// Forgets keys with no failures in the window and no lockout in force, bounding memory.
    public mutating func prune(now: Date) {
        counters = counters.filter { _, counter in
            (counter.lockedUntil.map { $0 > now } ?? false)
                || counter.failures.contains { now.timeIntervalSince($0) < policy.window }
        }
    }

    /// How many keys are tracked.
    public var trackedKeys: Int { counters.count }
}
