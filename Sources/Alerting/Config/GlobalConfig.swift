import VigilConfig
import VigilCore

/// `global`: defaults shared by every receiver, and the resolve timeout for alerts posted
/// without `endsAt`. Keys of integrations Vigil does not implement are accepted and ignored,
/// so an Alertmanager file loads unchanged; a receiver that *uses* one is refused.
public struct GlobalConfig: Sendable, Hashable, Codable {
    public var resolveTimeout = PromDuration.minutes(5)
    public var httpConfig: HTTPClientConfig?
    public var smtpFrom: String?
    public var smtpHello = "localhost"
    public var smtpSmarthost: String?
    public var smtpAuthUsername: String?
    public var smtpAuthPassword: Secret?
    public var smtpAuthPasswordFile: String?
    public var smtpAuthSecret: Secret?
    public var smtpAuthIdentity: String?
    public var smtpRequireTLS = true
    public var slackAPIURL: Secret?
    public var slackAPIURLFile: String?
    public var pagerdutyURL = "https://events.pagerduty.com/v2/enqueue"

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case resolveTimeout = "resolve_timeout", httpConfig = "http_config", smtpFrom = "smtp_from", smtpHello = "smtp_hello"
        case smtpSmarthost = "smtp_smarthost", smtpAuthUsername = "smtp_auth_username", smtpAuthPassword = "smtp_auth_password"
        case smtpAuthPasswordFile = "smtp_auth_password_file", smtpAuthSecret = "smtp_auth_secret"
        case smtpAuthIdentity = "smtp_auth_identity", smtpRequireTLS = "smtp_require_tls", slackAPIURL = "slack_api_url"
        case slackAPIURLFile = "slack_api_url_file", pagerdutyURL = "pagerduty_url"
        // Accepted for compatibility; their integrations are not implemented.
        case opsgenieAPIURL = "opsgenie_api_url", opsgenieAPIKey = "opsgenie_api_key", opsgenieAPIKeyFile = "opsgenie_api_key_file"
        case wechatAPIURL = "wechat_api_url", wechatAPISecret = "wechat_api_secret", wechatAPICorpID = "wechat_api_corp_id"
        case victoropsAPIURL = "victorops_api_url", victoropsAPIKey = "victorops_api_key", victoropsAPIKeyFile = "victorops_api_key_file"
        case telegramAPIURL = "telegram_api_url", webexAPIURL = "webex_api_url"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "global")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GlobalConfig()
        resolveTimeout = try c.decode(PromDuration.self, forKey: .resolveTimeout, default: d.resolveTimeout)
        httpConfig = try c.decodeIfPresent(HTTPClientConfig.self, forKey: .httpConfig)
        smtpFrom = try c.decodeIfPresent(String.self, forKey: .smtpFrom)
        smtpHello = try c.decode(String.self, forKey: .smtpHello, default: d.smtpHello)
        smtpSmarthost = try c.decodeIfPresent(String.self, forKey: .smtpSmarthost)
        smtpAuthUsername = try c.decodeIfPresent(String.self, forKey: .smtpAuthUsername)
        smtpAuthPassword = try c.decodeIfPresent(Secret.self, forKey: .smtpAuthPassword)
        smtpAuthPasswordFile = try c.decodeIfPresent(String.self, forKey: .smtpAuthPasswordFile)
        smtpAuthSecret = try c.decodeIfPresent(Secret.self, forKey: .smtpAuthSecret)
        smtpAuthIdentity = try c.decodeIfPresent(String.self, forKey: .smtpAuthIdentity)
        smtpRequireTLS = try c.decode(Bool.self, forKey: .smtpRequireTLS, default: true)
        slackAPIURL = try c.decodeIfPresent(Secret.self, forKey: .slackAPIURL)
        slackAPIURLFile = try c.decodeIfPresent(String.self, forKey: .slackAPIURLFile)
        pagerdutyURL = try c.decode(String.self, forKey: .pagerdutyURL, default: d.pagerdutyURL)
        for key in [CodingKeys.opsgenieAPIURL, .opsgenieAPIKey, .opsgenieAPIKeyFile, .wechatAPIURL, .wechatAPISecret,
                    .wechatAPICorpID, .victoropsAPIURL, .victoropsAPIKey, .victoropsAPIKeyFile, .telegramAPIURL, .webexAPIURL] {
            _ = try c.decodeIfPresent(String.self, forKey: key)
        }
        if resolveTimeout.milliseconds <= 0 { throw c.invalid(.resolveTimeout, "resolve_timeout must be positive") }
        if slackAPIURL != nil, slackAPIURLFile != nil {
            throw c.invalid(.slackAPIURL, "at most one of slack_api_url & slack_api_url_file must be configured")
        }
        if smtpAuthPassword != nil, smtpAuthPasswordFile != nil {
            throw c.invalid(.smtpAuthPassword, "at most one of smtp_auth_password & smtp_auth_password_file must be configured")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(resolveTimeout, forKey: .resolveTimeout)
        try c.encodeIfPresent(httpConfig, forKey: .httpConfig)
        try c.encodeIfPresent(smtpFrom, forKey: .smtpFrom)
        try c.encode(smtpHello, forKey: .smtpHello)
        try c.encodeIfPresent(smtpSmarthost, forKey: .smtpSmarthost)
        try c.encodeIfPresent(smtpAuthUsername, forKey: .smtpAuthUsername)
        try c.encodeIfPresent(smtpAuthPassword, forKey: .smtpAuthPassword)
        try c.encodeIfPresent(smtpAuthPasswordFile, forKey: .smtpAuthPasswordFile)
        try c.encodeIfPresent(smtpAuthSecret, forKey: .smtpAuthSecret)
        try c.encodeIfPresent(smtpAuthIdentity, forKey: .smtpAuthIdentity)
        try c.encode(smtpRequireTLS, forKey: .smtpRequireTLS)
        try c.encodeIfPresent(slackAPIURL, forKey: .slackAPIURL)
        try c.encodeIfPresent(slackAPIURLFile, forKey: .slackAPIURLFile)
        try c.encode(pagerdutyURL, forKey: .pagerdutyURL)
    }
}
