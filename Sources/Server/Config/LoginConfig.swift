import Governance
import VigilConfig
import VigilCore

/// `auth.login`: the limits of password sign-in (HTTP Basic and `POST /login`).
///
/// ```yaml
/// auth:
///   login:
///     max_failures_per_user: 5      # within failure_window, then the user name is locked
///     max_failures_per_address: 50  # within failure_window, then the client address is locked
///     failure_window: 15m
///     lockout: 15m
/// ```
public struct LoginConfig: Sendable, Hashable, Codable {
    public var maxFailuresPerUser = 5
    public var maxFailuresPerAddress = 50
    public var failureWindow = PromDuration.minutes(15)
    public var lockout = PromDuration.minutes(15)

    public init() {}

    /// The throttle's policy.
    public var policy: LoginThrottle.Policy {
        LoginThrottle.Policy(userFailures: maxFailuresPerUser, addressFailures: maxFailuresPerAddress,
                             window: failureWindow.seconds, lockout: lockout.seconds)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxFailuresPerUser = "max_failures_per_user", maxFailuresPerAddress = "max_failures_per_address"
        case failureWindow = "failure_window", lockout
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "auth.login")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = LoginConfig()
        maxFailuresPerUser = try c.decode(Int.self, forKey: .maxFailuresPerUser, default: d.maxFailuresPerUser)
        maxFailuresPerAddress = try c.decode(Int.self, forKey: .maxFailuresPerAddress, default: d.maxFailuresPerAddress)
        failureWindow = try c.decode(PromDuration.self, forKey: .failureWindow, default: d.failureWindow)
        lockout = try c.decode(PromDuration.self, forKey: .lockout, default: d.lockout)
        if maxFailuresPerUser < 1 { throw c.invalid(.maxFailuresPerUser, "max_failures_per_user must be at least 1") }
        if maxFailuresPerAddress < 1 { throw c.invalid(.maxFailuresPerAddress, "max_failures_per_address must be at least 1") }
        if failureWindow.milliseconds <= 0 { throw c.invalid(.failureWindow, "failure_window must be positive") }
        if lockout.milliseconds <= 0 { throw c.invalid(.lockout, "lockout must be positive") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(maxFailuresPerUser, forKey: .maxFailuresPerUser)
        try c.encode(maxFailuresPerAddress, forKey: .maxFailuresPerAddress)
        try c.encode(failureWindow, forKey: .failureWindow)
        try c.encode(lockout, forKey: .lockout)
    }
}
