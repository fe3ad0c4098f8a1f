import VigilConfig
import VigilCore

/// How a job authenticates to its targets: the `basic_auth`, `authorization`, `bearer_token`
/// and `bearer_token_file` keys of a scrape config. A model only; the scraper sends it.
public enum ScrapeAuth: Sendable, Hashable {
    case basic(username: String, password: ScrapeSecret?, passwordFile: String?)
    /// `Authorization: <type> <credentials>`; `bearer_token` is `type` "Bearer".
    case authorization(type: String, credentials: ScrapeSecret?, credentialsFile: String?)
}

/// `basic_auth`.
struct BasicAuthConfig: Decodable {
    var username: String
    var password: ScrapeSecret?
    var passwordFile: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case username, password, passwordFile = "password_file" }
    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "config.BasicAuth")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        username = try c.decode(String.self, forKey: .username, default: "")
        password = try c.decodeIfPresent(ScrapeSecret.self, forKey: .password)
        passwordFile = try c.decodeIfPresent(String.self, forKey: .passwordFile)
        if password != nil, passwordFile != nil {
            throw c.invalid(.password, "at most one of basic_auth password & password_file must be configured")
        }
    }
}

/// `authorization`.
struct AuthorizationConfig: Decodable {
    var type: String
    var credentials: ScrapeSecret?
    var credentialsFile: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case type, credentials, credentialsFile = "credentials_file" }
    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "config.Authorization")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let given = try c.decode(String.self, forKey: .type, default: "")
        type = given.isEmpty ? "Bearer" : given
        credentials = try c.decodeIfPresent(ScrapeSecret.self, forKey: .credentials)
        credentialsFile = try c.decodeIfPresent(String.self, forKey: .credentialsFile)
        if type.lowercased() == "basic" {
            throw c.invalid(.type, #"authorization type cannot be set to "basic", use "basic_auth" instead"#)
        }
        if credentials != nil, credentialsFile != nil {
            throw c.invalid(.credentials, "at most one of authorization credentials & credentials_file must be configured")
        }
    }
}
