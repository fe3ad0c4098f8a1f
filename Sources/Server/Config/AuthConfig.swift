import Governance
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

    public init(mode: Mode = .token, loopbackRole: String? = "operator", anonymousRole: String? = nil) {
        self.mode = mode
        self.loopbackRole = loopbackRole
        self.anonymousRole = anonymousRole
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case mode, compat }
    enum CompatKeys: String, CodingKey, CaseIterable { case loopbackRole = "loopback_role", anonymousRole = "anonymous_role" }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "auth")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try c.decode(String.self, forKey: .mode, default: Mode.token.rawValue)
        guard let parsed = Mode(rawValue: mode) else {
            throw c.invalid(.mode, "unknown auth mode \(quoteGoString(mode)) (one of token, none)")
        }
        self.mode = parsed
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
    }

    /// Problems with role names, checked against the roles the config defines.
    func check(roles: RoleCatalog, root: [any CodingKey], into problems: inout SemanticErrors) {
        for (key, name) in [(CompatKeys.loopbackRole, loopbackRole), (.anonymousRole, anonymousRole)] {
            guard let name, roles.roles[name] == nil else { continue }
            problems.add(root + [CodingKeys.compat as any CodingKey, key], RoleError.unknown(name).description)
        }
    }
}
