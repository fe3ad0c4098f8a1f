/// What authentication reports as it happens, for metrics (`Server` counts them in its
/// Prometheus registry). Called after the ledger entry, if any, is written.
public protocol AuthEvents: Sendable {
    /// A password sign-in failed: wrong name or password, or refused while locked out.
    func loginFailed(address: String, user: String)
    /// A key reached its limit in `LoginThrottle`.
    func lockedOut(_ lockout: LoginThrottle.Lockout)
    /// A session token that had been rotated away was presented; every session of the user was revoked.
    func sessionHijacked()
}

/// Reports nothing (tools and tests that do not look at metrics).
public struct IgnoredAuthEvents: AuthEvents {
    public init() {}
    public func loginFailed(address: String, user: String) {}
    public func lockedOut(_ lockout: LoginThrottle.Lockout) {}
    public func sessionHijacked() {}
}

/// Label values for failed sign-ins, coarse enough to bound the number of series and still say
/// where an attack comes from: the client's /24 (IPv4) or /64 (IPv6), and the first two
/// characters of the user name tried, any character outside `[A-Za-z0-9._@-]` shown as `_`.
public enum AuthMetricLabels {
    public static func addressPrefix(_ ip: String) -> String { IPNetwork.metricPrefix(of: ip) }

    public static func userPrefix(_ name: String) -> String {
        String(name.prefix(2).map { character in
            character.isASCII && (character.isLetter || character.isNumber || "._@-".contains(character)) ? character : "_"
        })
    }
}
