import VigilConfig
import VigilCore

/// `auth.session`: browser sessions made by `POST /login`.
///
/// ```yaml
/// auth:
///   session:
///     ttl: 12h            # a session ends this long after sign-in, whatever its use
///     idle_timeout: 1h    # or this long after its last request (to the minute)
///     secure_cookie: true # mark cookies Secure: set it when clients reach Vigil over HTTPS
/// ```
public struct SessionConfig: Sendable, Hashable, Codable {
    public var ttl = PromDuration.hours(12)
    public var idleTimeout = PromDuration.hours(1)
    /// Vigil serves plain HTTP, so it cannot tell on its own that clients use HTTPS (a TLS proxy).
    public var secureCookie = false

    public init(ttl: PromDuration = .hours(12), idleTimeout: PromDuration = .hours(1), secureCookie: Bool = false) {
        self.ttl = ttl
        self.idleTimeout = idleTimeout
        self.secureCookie = secureCookie
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case ttl, idleTimeout = "idle_timeout", secureCookie = "secure_cookie" }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "auth.session")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SessionConfig()
        ttl = try c.decode(PromDuration.self, forKey: .ttl, default: d.ttl)
        idleTimeout = try c.decode(PromDuration.self, forKey: .idleTimeout, default: d.idleTimeout)
        secureCookie = try c.decode(Bool.self, forKey: .secureCookie, default: d.secureCookie)
        if ttl.milliseconds <= 0 { throw c.invalid(.ttl, "ttl must be positive") }
        if idleTimeout.milliseconds <= 0 { throw c.invalid(.idleTimeout, "idle_timeout must be positive") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ttl, forKey: .ttl)
        try c.encode(idleTimeout, forKey: .idleTimeout)
        try c.encode(secureCookie, forKey: .secureCookie)
    }
}
