import Scrape
import VigilConfig
import VigilCore

/// `scrape`: the defaults of every `scrape_configs` job and Vigil's scrape of itself.
///
/// Prometheus keeps `scrape_interval` and `scrape_timeout` in `global`; Vigil's `global` is
/// Alertmanager's (amtool reads it back from `/api/v2/status`), so they live here.
///
/// ```yaml
/// scrape:
///   scrape_interval: 30s        # default 1m
///   scrape_timeout: 10s         # default 10s, or scrape_interval when shorter
///   self_scrape_interval: 15s   # the implicit job="vigil"; 0s turns it off
/// ```
public struct ScrapeSettings: Sendable, Hashable {
    /// Defaults of jobs that set no interval or timeout.
    public var global = ScrapeGlobal()
    /// Interval of the implicit `job="vigil"` scrape of Vigil's own `/metrics`; zero: none.
    public var selfScrapeInterval = PromDuration.seconds(15)

    public init() {}
}

extension ScrapeSettings: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case scrapeInterval = "scrape_interval", scrapeTimeout = "scrape_timeout", selfScrapeInterval = "self_scrape_interval"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "scrape")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let interval = try c.decode(PromDuration.self, forKey: .scrapeInterval, default: .minutes(1))
        if interval == .zero { throw c.invalid(.scrapeInterval, "scrape_interval must be positive") }
        let timeout = try c.decodeIfPresent(PromDuration.self, forKey: .scrapeTimeout)
        if let timeout, timeout > interval {
            throw c.invalid(.scrapeTimeout, "scrape timeout greater than scrape interval")
        }
        if timeout == .zero { throw c.invalid(.scrapeTimeout, "scrape_timeout must be positive") }
        global = ScrapeGlobal(scrapeInterval: interval, scrapeTimeout: timeout)
        selfScrapeInterval = try c.decode(PromDuration.self, forKey: .selfScrapeInterval, default: .seconds(15))
    }
}

/// Decodes only the `scrape` section of a config file, ignoring every other key: the first pass
/// of `VigilConfiguration.parse`, whose result the second pass hands to `scrape_configs`.
struct ScrapeSettingsPass: Decodable {
    var settings: ScrapeSettings
    enum CodingKeys: String, CodingKey { case scrape }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        settings = try c.decode(ScrapeSettings.self, forKey: .scrape, default: ScrapeSettings())
    }
}
