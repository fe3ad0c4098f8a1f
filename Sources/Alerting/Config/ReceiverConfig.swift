import VigilConfig
import VigilCore

/// A named receiver and its integrations. Vigil's own keys, beside Alertmanager's:
/// `fallback_receiver` takes over once this receiver has failed `fallback_after_attempts` times
/// in a row or for `fallback_after`, whichever comes first.
public struct ReceiverConfig: Sendable, Hashable, Codable {
    public var name: String
    public var webhookConfigs: [WebhookConfig] = []
    public var slackConfigs: [SlackConfig] = []
    public var pagerdutyConfigs: [PagerDutyConfig] = []
    public var emailConfigs: [EmailConfig] = []
    public var fallbackReceiver: String?
    public var fallbackAfterAttempts: Int = 10
    public var fallbackAfter: PromDuration = .minutes(10)

    public init(name: String) { self.name = name }

    public var integrationCount: Int { webhookConfigs.count + slackConfigs.count + pagerdutyConfigs.count + emailConfigs.count }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, webhookConfigs = "webhook_configs", slackConfigs = "slack_configs"
        case pagerdutyConfigs = "pagerduty_configs", emailConfigs = "email_configs"
        case fallbackReceiver = "fallback_receiver", fallbackAfterAttempts = "fallback_after_attempts"
        case fallbackAfter = "fallback_after"
        case discordConfigs = "discord_configs", opsgenieConfigs = "opsgenie_configs", wechatConfigs = "wechat_configs"
        case pushoverConfigs = "pushover_configs", victoropsConfigs = "victorops_configs", snsConfigs = "sns_configs"
        case telegramConfigs = "telegram_configs", webexConfigs = "webex_configs"
    }

    private static let unsupported: [CodingKeys] = [
        .discordConfigs, .opsgenieConfigs, .wechatConfigs, .pushoverConfigs, .victoropsConfigs, .snsConfigs,
        .telegramConfigs, .webexConfigs,
    ]

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "receiver")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        if name.isEmpty { throw c.invalid(.name, "missing name in receiver") }
        for key in ReceiverConfig.unsupported where c.contains(key) {
            throw c.invalid(key, "\(key.rawValue) are not supported by Vigil yet (supported: webhook_configs, slack_configs, pagerduty_configs, email_configs)")
        }
        webhookConfigs = try c.decode([WebhookConfig].self, forKey: .webhookConfigs, default: [])
        slackConfigs = try c.decode([SlackConfig].self, forKey: .slackConfigs, default: [])
        pagerdutyConfigs = try c.decode([PagerDutyConfig].self, forKey: .pagerdutyConfigs, default: [])
        emailConfigs = try c.decode([EmailConfig].self, forKey: .emailConfigs, default: [])
        fallbackReceiver = try c.decodeIfPresent(String.self, forKey: .fallbackReceiver)
        fallbackAfterAttempts = try c.decode(Int.self, forKey: .fallbackAfterAttempts, default: 10)
        fallbackAfter = try c.decode(PromDuration.self, forKey: .fallbackAfter, default: .minutes(10))
        if fallbackAfterAttempts < 1 { throw c.invalid(.fallbackAfterAttempts, "fallback_after_attempts must be at least 1") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        if !webhookConfigs.isEmpty { try c.encode(webhookConfigs, forKey: .webhookConfigs) }
        if !slackConfigs.isEmpty { try c.encode(slackConfigs, forKey: .slackConfigs) }
        if !pagerdutyConfigs.isEmpty { try c.encode(pagerdutyConfigs, forKey: .pagerdutyConfigs) }
        if !emailConfigs.isEmpty { try c.encode(emailConfigs, forKey: .emailConfigs) }
        if let fallbackReceiver {
            try c.encode(fallbackReceiver, forKey: .fallbackReceiver)
            try c.encode(fallbackAfterAttempts, forKey: .fallbackAfterAttempts)
            try c.encode(fallbackAfter, forKey: .fallbackAfter)
        }
    }
}
