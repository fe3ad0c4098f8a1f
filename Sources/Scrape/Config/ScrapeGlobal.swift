import Foundation
import VigilConfig
import VigilCore

/// The scrape defaults of the config's `global` section, which the caller decodes (or builds)
/// and hands to `ScrapeConfig` decoding through `userInfo[ScrapeGlobal.userInfoKey]`.
///
/// ```yaml
/// global:
///   scrape_interval: 15s
///   scrape_timeout: 5s
///   external_labels: {region: eu-west}
/// ```
public struct ScrapeGlobal: Sendable, Hashable {
    /// Default `scrape_interval` of every job: 1m.
    public var scrapeInterval = PromDuration.minutes(1)
    /// Default `scrape_timeout`: 10s, or the interval when that is shorter.
    public var scrapeTimeout = PromDuration.seconds(10)
    /// Labels added to series and alerts leaving Vigil (remote write, federation, notifications);
    /// not stored with scraped samples, as in Prometheus.
    public var externalLabels = Labels.empty

    public init(scrapeInterval: PromDuration = .minutes(1), scrapeTimeout: PromDuration? = nil, externalLabels: Labels = .empty) {
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout ?? min(.seconds(10), scrapeInterval)
        self.externalLabels = externalLabels
    }

    /// The `userInfo` key under which `ScrapeConfig` decoding looks for the defaults.
    public static let userInfoKey = CodingUserInfoKey(rawValue: "vigil.scrape.global")!
}

extension ScrapeGlobal: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case scrapeInterval = "scrape_interval", scrapeTimeout = "scrape_timeout", externalLabels = "external_labels"
        case evaluationInterval = "evaluation_interval"
    }

    /// Decodes the scrape keys of `global`; `evaluation_interval` is accepted for the rule side.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "config.GlobalConfig")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        _ = try c.decodeIfPresent(PromDuration.self, forKey: .evaluationInterval)
        let interval = try c.decode(PromDuration.self, forKey: .scrapeInterval, default: .minutes(1))
        let timeout = try c.decodeIfPresent(PromDuration.self, forKey: .scrapeTimeout)
        if let timeout, timeout > interval {
            throw c.invalid(.scrapeTimeout, "global scrape timeout greater than scrape interval")
        }
        let labels = try c.decode([String: String].self, forKey: .externalLabels, default: [:])
        for name in labels.keys.sorted() where !LabelName.isValid(name) {
            throw c.invalid(.externalLabels, "\(quoteGoString(name)) is not a valid label name")
        }
        self.init(scrapeInterval: interval, scrapeTimeout: timeout, externalLabels: Labels(labels))
    }
}
