import Alerting
import Foundation

/// The `Authorization` header an `http_config` asks for, resolved when a request is sent so
/// that `*_file` credentials are read fresh each time.
enum HTTPAuth: Sendable, Hashable {
    case basic(username: String, password: SecretSource?)
    case scheme(type: String, credentials: SecretSource?)

    /// The authentication `config` configures, if any.
    init?(_ config: HTTPClientConfig?) {
        guard let config else { return nil }
        if let basic = config.basicAuth {
            self = .basic(username: basic.username, password: SecretSource(basic.password, file: basic.passwordFile))
        } else if let authorization = config.authorization {
            self = .scheme(
                type: authorization.type,
                credentials: SecretSource(authorization.credentials, file: authorization.credentialsFile))
        } else if let bearer = SecretSource(config.bearerToken, file: config.bearerTokenFile) {
            self = .scheme(type: "Bearer", credentials: bearer)
        } else {
            return nil
        }
    }

    /// The header value, and the secrets it contains (for redaction).
    func header(for integration: IntegrationID) throws(NotifyError) -> (value: String, secrets: [String]) {
        switch self {
        case .basic(let username, let password):
            let secret =
                try password?.read(field: "basic_auth password", integration: integration, trimmed: false) ?? ""
            let encoded = Data("\(username):\(secret)".utf8).base64EncodedString()
            return ("Basic \(encoded)", [secret, encoded])
        case .scheme(let type, let credentials):
            let secret = try credentials?.read(field: "credentials", integration: integration) ?? ""
            return ("\(type) \(secret)", [secret])
        }
    }
}
