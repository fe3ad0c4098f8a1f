import Foundation

/// Counts failed sign-ins per client address and per user name and locks a key out for
/// `lockout` once it reaches its limit within `window`: a few failures for one user (guessing
/// a password), many for one address (guessing across users). Pure: the caller passes `now`
/// and keeps the value in an actor (`LoginGate`).
public struct LoginThrottle: Sendable, Hashable {
    /// What failures are counted against.
    public enum Key: Sendable, Hashable {
        case address(String)
        case user(String)
    }

    public struct Policy: Sendable, Hashable {
        /// Failures for one user name within `window` that lock it.
        public var userFailures: Int
        /// Failures from one address within `window` that lock it, whatever the user names.
        public var addressFailures: Int
        /// Seconds within which failures count together.
        public var window: TimeInterval
        /// Seconds a key stays locked.
        public var lockout: TimeInterval

        public init(userFailures: Int = 5, addressFailures: Int = 50, window: TimeInterval = 15 * 60,
                    lockout: TimeInterval = 15 * 60) {
            self.userFailures = max(1, userFailures)
            self.addressFailures = max(1, addressFailures)
            self.window = window
            self.lockout = lockout
        }

        func limit(_ key: Key) -> Int {
            switch key {
            case .address: addressFailures
            case .user: userFailures
            }
        }
    }

    /// A key that has just been locked.
    public struct Lockout: Sendable, Hashable {
        public var key: Key
        public var until: Date
        public init(key: Key, until: Date) { (self.key, self.until) = (key, until) }
    }

    private struct Counter: Sendable, Hashable {
        var failures: [Date] = []
        var lockedUntil: Date?
    }

    /// The limits in force; a change applies to the next failure, counts are kept.
    public var policy: Policy
    private var counters: [Key: Counter] = [:]

    public init(policy: Policy = Policy()) { self.policy = policy }

    /// Throws `AuthError.lockedOut` with the later unlock time when either key is locked.
    public func check(address: String, user: String, now: Date) throws(AuthError) {
        let until = [Key.address(address), .user(user)].compactMap { counters[$0]?.lockedUntil }.filter { $0 > now }.max()
        if let until { throw .lockedOut(until: until) }
    }

    /// Records a failed attempt against both keys; returns the keys this failure locked.
    @discardableResult
    public mutating func recordFailure(address: String, user: String, now: Date) -> [Lockout] {
        var locked: [Lockout] = []
        for key in [Key.address(address), .user(user)] {
            var counter = counters[key, default: Counter()]
            counter.failures = counter.failures.filter { now.timeIntervalSince($0) < policy.window } + [now]
            if counter.failures.count >= policy.limit(key) {
                let until = now.addingTimeInterval(policy.lockout)
                counter.lockedUntil = until
                counter.failures = []
                locked.append(Lockout(key: key, until: until))
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
