import VigilConfig
import VigilCore

/// `email_configs`: mail through an SMTP smarthost, with STARTTLS and AUTH where configured.
/// Empty fields take `global.smtp_*` values when the config is resolved.
public struct EmailConfig: Sendable, Hashable, Codable {
    public var sendResolved = false
    public var to: String = ""
    public var from: String?
    public var hello: String?
    public var smarthost: String?
    public var authUsername: String?
    public var authPassword: Secret?
    public var authPasswordFile: String?
    public var authSecret: Secret?
    public var authIdentity: String?
    public var headers: [String: String] = [:]
    public var html: String? = #"{{ template "email.default.html" . }}"#
    public var text: String?
    public var requireTLS: Bool?
    public var tlsConfig: TLSConfig?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sendResolved = "send_resolved", to, from, hello, smarthost, authUsername = "auth_username"
        case authPassword = "auth_password", authPasswordFile = "auth_password_file", authSecret = "auth_secret"
        case authIdentity = "auth_identity", headers, html, text, requireTLS = "require_tls", tlsConfig = "tls_config"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "email_config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = EmailConfig()
        sendResolved = try c.decode(Bool.self, forKey: .sendResolved, default: false)
        to = try c.decode(String.self, forKey: .to, default: "")
        from = try c.decodeIfPresent(String.self, forKey: .from)
        hello = try c.decodeIfPresent(String.self, forKey: .hello)
        smarthost = try c.decodeIfPresent(String.self, forKey: .smarthost)
        authUsername = try c.decodeIfPresent(String.self, forKey: .authUsername)
        authPassword = try c.decodeIfPresent(Secret.self, forKey: .authPassword)
        authPasswordFile = try c.decodeIfPresent(String.self, forKey: .authPasswordFile)
        authSecret = try c.decodeIfPresent(Secret.self, forKey: .authSecret)
        authIdentity = try c.decodeIfPresent(String.self, forKey: .authIdentity)
        // Header names are case-insensitive; Alertmanager rejects duplicates that differ only in case.
        let rawHeaders = try c.decode([String: String].self, forKey: .headers, default: [:])
        var seen: Set<String> = []
        for name in rawHeaders.keys.sorted() {
            let normalized = name.lowercased()
            if seen.contains(normalized) { throw c.invalid(.headers, "duplicate header \(quoteGoString(name)) in email config") }
            seen.insert(normalized)
            headers[name] = rawHeaders[name]
        }
        html = try c.decodeIfPresent(String.self, forKey: .html) ?? d.html
        text = try c.decodeIfPresent(String.self, forKey: .text)
        requireTLS = try c.decodeIfPresent(Bool.self, forKey: .requireTLS)
        tlsConfig = try c.decodeIfPresent(TLSConfig.self, forKey: .tlsConfig)
        if to.isEmpty { throw c.invalid(.to, "missing to address in email config") }
        if authPassword != nil, authPasswordFile != nil {
            throw c.invalid(.authPassword, "at most one of auth_password & auth_password_file must be configured")
        }
    }
}
