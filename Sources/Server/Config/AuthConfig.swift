import Governance
import HTTPTypes
import VigilCore
import VigilConfig

/// `auth`: how requests are authenticated (docs/CONFIGURATION.md).
///
/// ```yaml
/// auth:
///   mode: token              # default; `none` is for a local try-out
///   compat:
///     loopback_role: operator  # default; "" closes the compatible endpoints to loopback callers too
///     anonymous_role: viewer   # default ""; lets e.g. Grafana read without a token
///   login: {…}                 # sign-in limits (`LoginConfig`)
///   session: {…}               # browser sessions (`SessionConfig`)
///   proxy_header: X-Forwarded-User   # default none: the user a trusted reverse proxy signed in
///   trusted_proxies: [10.0.0.0/8]    # peers whose proxy_header is believed
/// ```
public struct AuthConfig: Sendable, Hashable, Codable {
    /// Whether requests are checked at all.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every request needs credentials, except public endpoints and `compat`.
        case token
        /// Nobody is checked; every request may do everything. Logged at every start.
        case none
    }

    public var mode: Mode = .token
    /// Role given to callers without credentials from a loopback address, on the Alertmanager-
    /// and Prometheus-compatible endpoints only; nil when closed.
    public var loopbackRole: String? = "operator"
    /// Role given to callers without credentials from any address, on the same endpoints; nil when closed.
    public var anonymousRole: String?
    public var login = LoginConfig()
    public var session = SessionConfig()
    /// A request header naming the user a reverse proxy has authenticated; nil when not used.
    public var proxyHeader: String?
    /// Peers whose `proxyHeader` is believed; from any other peer the header is ignored.
    public var trustedProxies: [IPNetwork] = []

    public init(mode: Mode = .token, loopbackRole: String? = "operator", anonymousRole: String? = nil,
                session: SessionConfig = SessionConfig(), proxyHeader: String? = nil, trustedProxies: [IPNetwork] = []) {
        self.mode = mode
        self.loopbackRole = loopbackRole
        self.anonymousRole = anonymousRole
        self.session = session
        self.proxyHeader = proxyHeader
        self.trustedProxies = trustedProxies
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, compat, login, session, proxyHeader = "proxy_header", trustedProxies = "trusted_proxies"
    }
    enum CompatKeys: String, CodingKey, CaseIterable { case loopbackRole = "loopback_role", anonymousRole = "anonymous_role" }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "auth")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try c.decode(String.self, forKey: .mode, default: Mode.token.rawValue)
        guard let parsed = Mode(rawValue: mode) else {
            throw c.invalid(.mode, "unknown auth mode \(quoteGoString(mode)) (one of token, none)")
        }
        self.mode = parsed
        login = try c.decode(LoginConfig.self, forKey: .login, default: LoginConfig())
        session = try c.decode(SessionConfig.self, forKey: .session, default: SessionConfig())
        proxyHeader = try c.decodeIfPresent(String.self, forKey: .proxyHeader).flatMap { $0.isEmpty ? nil : $0 }
        if let proxyHeader, HTTPField.Name(proxyHeader) == nil {
            throw c.invalid(.proxyHeader, "invalid header name \(quoteGoString(proxyHeader))")
        }
        let proxies = try c.decode([String].self, forKey: .trustedProxies, default: [])
        trustedProxies = try proxies.map { text in
            do { return try IPNetwork(parsing: text) } catch { throw c.invalid(.trustedProxies, "\(error)") }
        }
        if proxyHeader != nil, trustedProxies.isEmpty {
            throw c.invalid(.proxyHeader, "proxy_header needs trusted_proxies: the addresses of the proxies that set it")
        }
        guard c.contains(.compat) else { return }
        let compat = try c.superDecoder(forKey: .compat)
        try compat.rejectUnknownKeys(CompatKeys.self, in: "auth.compat")
        let k = try compat.container(keyedBy: CompatKeys.self)
        // Present but null or "" closes; absent keeps the default.
        if k.contains(.loopbackRole) { loopbackRole = try k.decodeIfPresent(String.self, forKey: .loopbackRole).flatMap { $0.isEmpty ? nil : $0 } }
        anonymousRole = try k.decodeIfPresent(String.self, forKey: .anonymousRole).flatMap { $0.isEmpty ? nil : $0 }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mode.rawValue, forKey: .mode)
        var k = c.nestedContainer(keyedBy: CompatKeys.self, forKey: .compat)
        try k.encode(loopbackRole ?? "", forKey: .loopbackRole)
        try k.encode(anonymousRole ?? "", forKey: .anonymousRole)
        try c.encode(login, forKey: .login)
        try c.encode(session, forKey: .session)
        try c.encodeIfPresent(proxyHeader, forKey: .proxyHeader)
        try c.encode(trustedProxies.map(\.description), forKey: .trustedProxies)
    }

    /// Problems with role names, checked against the roles the config defines.
    func check(roles: RoleCatalog, root: [any CodingKey], into problems: inout SemanticErrors) {
        for (key, name) in [(CompatKeys.loopbackRole, loopbackRole), (.anonymousRole, anonymousRole)] {
            guard let name, roles.roles[name] == nil else { continue }
            problems.add(root + [CodingKeys.compat as any CodingKey, key], RoleError.unknown(name).description)
        }
    }
}
