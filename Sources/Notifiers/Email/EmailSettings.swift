import Alerting
import NIOCore

/// An `email_configs` entry with `global.smtp_*` filled in, as Alertmanager resolves it when it
/// loads the config, and the default `Subject`, `To` and `From` headers added.
struct EmailSettings: Sendable {
    var host: String
    var port: Int
    var from: String
    var to: String
    var hello: String
    var username: String?
    var password: SecretSource?
    var secret: Secret?
    var identity: String
    var requireTLS: Bool
    /// TLS from the first byte (SMTPS) rather than `STARTTLS`: Alertmanager decides by port 465.
    var implicitTLS: Bool
    var tlsConfig: TLSConfig
    var headers: [String: String]
    var html: String?
    var text: String?

    static let defaultSubject = #"{{ template "email.default.subject" . }}"#

    init(_ config: EmailConfig, global: GlobalConfig, id: IntegrationID) throws {
        guard let smarthost = nonEmpty(config.smarthost) ?? nonEmpty(global.smtpSmarthost) else {
            throw IntegrationBuildError(id, "no global SMTP smarthost set")
        }
        guard let from = nonEmpty(config.from) ?? nonEmpty(global.smtpFrom) else {
            throw IntegrationBuildError(id, "no global SMTP from set")
        }
        guard let (host, port) = EmailSettings.split(smarthost) else {
            throw IntegrationBuildError(id, "invalid smarthost \(quoteHost(smarthost)): want host:port")
        }
        (self.host, self.port, self.from, to) = (host, port, from, config.to)
        hello = nonEmpty(config.hello) ?? global.smtpHello
        username = nonEmpty(config.authUsername) ?? nonEmpty(global.smtpAuthUsername)
        password =
            SecretSource(config.authPassword, file: config.authPasswordFile)
            ?? SecretSource(global.smtpAuthPassword, file: global.smtpAuthPasswordFile)
        secret = config.authSecret ?? global.smtpAuthSecret
        identity = nonEmpty(config.authIdentity) ?? global.smtpAuthIdentity ?? ""
        requireTLS = config.requireTLS ?? global.smtpRequireTLS
        implicitTLS = port == 465
        tlsConfig = config.tlsConfig ?? TLSConfig()
        var headers = config.headers
        let names = Set(headers.keys.map { $0.lowercased() })
        if !names.contains("subject") { headers["Subject"] = EmailSettings.defaultSubject }
        if !names.contains("to") { headers["To"] = config.to }
        if !names.contains("from") { headers["From"] = from }
        self.headers = headers
        html = nonEmpty(config.html)
        text = nonEmpty(config.text)
    }

    /// `host:port` or `[v6]:port`; nil without a numeric port.
    static func split(_ smarthost: String) -> (String, Int)? {
        guard let colon = smarthost.lastIndex(of: ":"), let port = Int(smarthost[smarthost.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = String(smarthost[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    /// The smarthost as configured, for messages.
    var smarthost: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

private func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
}

private func quoteHost(_ text: String) -> String { "\"\(text)\"" }
