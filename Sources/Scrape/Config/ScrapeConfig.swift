import VigilConfig
import VigilCore

/// One entry of `scrape_configs`: a job, its static targets, and how they are scraped.
///
/// Decoding takes the `global` defaults from `userInfo[ScrapeGlobal.userInfoKey]` (Prometheus's
/// own defaults when absent), so `scrapeInterval` and `scrapeTimeout` are always resolved:
///
/// ```swift
/// let jobs = try YAMLLoader(file: "vigil.yml").decode(ScrapeConfigs.self, from: text,
///                                                      userInfo: [ScrapeGlobal.userInfoKey: global])
/// ```
public struct ScrapeConfig: Sendable, Hashable {
    /// Unique among jobs; the default `job` label of its targets.
    public var jobName: String
    public var scrapeInterval: PromDuration
    /// At most `scrapeInterval`.
    public var scrapeTimeout: PromDuration
    public var metricsPath = "/metrics"
    public var scheme = ScrapeScheme.http
    /// Query parameters of every scrape; the first value of each is also `__param_<name>`.
    public var params: [String: [String]] = [:]
    /// Keep the scraped labels when they clash with target labels (instead of `exported_…`).
    public var honorLabels = false
    /// Keep the timestamps the target exposes (instead of the scrape time).
    public var honorTimestamps = true
    public var staticConfigs: [StaticConfig] = []
    /// Applied to each target's labels before scraping.
    public var relabelConfigs: [RelabelConfig] = []
    /// Applied to each scraped series before storing.
    public var metricRelabelConfigs: [RelabelConfig] = []
    /// Samples per scrape after metric relabeling; more fails the scrape. 0 means no limit.
    public var sampleLimit = 0
    /// Labels per series after metric relabeling; more fails the scrape. 0 means no limit.
    public var labelLimit = 0
    /// Bytes in a label name; longer fails the scrape. 0 means no limit.
    public var labelNameLengthLimit = 0
    /// Bytes in a label value; longer fails the scrape. 0 means no limit.
    public var labelValueLengthLimit = 0
    /// Targets after relabeling; more fails every scrape of the job. 0 means no limit.
    public var targetLimit = 0
    public var auth: ScrapeAuth?
    public var followRedirects = true
    /// Set for a `probe_configs` job (`ProbeConfig.scrapeConfig`): each target is probed with this
    /// module instead of scraped; its address is the probe's target (a URL or `host:port`).
    public var probe: ProbeModule?

    /// A job with the defaults of `global` and Prometheus.
    public init(jobName: String, global: ScrapeGlobal = ScrapeGlobal()) {
        self.jobName = jobName
        scrapeInterval = global.scrapeInterval
        scrapeTimeout = global.scrapeTimeout
    }
}

extension ScrapeConfig: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case jobName = "job_name", scrapeInterval = "scrape_interval", scrapeTimeout = "scrape_timeout"
        case metricsPath = "metrics_path", scheme, params, honorLabels = "honor_labels", honorTimestamps = "honor_timestamps"
        case staticConfigs = "static_configs", relabelConfigs = "relabel_configs", metricRelabelConfigs = "metric_relabel_configs"
        case sampleLimit = "sample_limit", labelLimit = "label_limit", labelNameLengthLimit = "label_name_length_limit"
        case labelValueLengthLimit = "label_value_length_limit", targetLimit = "target_limit"
        case basicAuth = "basic_auth", authorization, bearerToken = "bearer_token", bearerTokenFile = "bearer_token_file"
        case followRedirects = "follow_redirects", enableHTTP2 = "enable_http2"
    }

    /// Prometheus keys Vigil knows but does not implement: refused by name rather than as unknown.
    static let unsupportedKeys: Set<String> = [
        "tls_config", "oauth2", "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header",
        "body_size_limit", "scrape_classic_histograms", "native_histogram_bucket_limit",
    ]

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in raw.allKeys where ScrapeConfig.unsupportedKeys.contains(key.stringValue) || key.stringValue.hasSuffix("_sd_configs") {
            throw raw.invalid(key, "\(key.stringValue) is not supported by Vigil yet")
        }
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "config.ScrapeConfig")
        let global = decoder.userInfo[ScrapeGlobal.userInfoKey] as? ScrapeGlobal ?? ScrapeGlobal()
        let c = try decoder.container(keyedBy: CodingKeys.self)

        jobName = try c.decode(String.self, forKey: .jobName, default: "")
        if jobName.isEmpty { throw c.invalid(.jobName, "job_name is empty") }
        let interval = try c.decodeIfPresent(PromDuration.self, forKey: .scrapeInterval)
        scrapeInterval = interval.flatMap { $0 == .zero ? nil : $0 } ?? global.scrapeInterval
        if let timeout = try c.decodeIfPresent(PromDuration.self, forKey: .scrapeTimeout), timeout != .zero {
            if timeout > scrapeInterval {
                throw c.invalid(.scrapeTimeout, "scrape timeout greater than scrape interval for scrape config with job name \(quoteGoString(jobName))")
            }
            scrapeTimeout = timeout
        } else {
            scrapeTimeout = min(global.scrapeTimeout, scrapeInterval)
        }
        metricsPath = try c.decode(String.self, forKey: .metricsPath, default: "/metrics")
        let schemeName = try c.decode(String.self, forKey: .scheme, default: "http")
        guard let scheme = ScrapeScheme(rawValue: schemeName) else {
            // Prometheus 2.42 accepts any scheme here and fails each target later; Vigil refuses early.
            throw c.invalid(.scheme, "unsupported scheme \(quoteGoString(schemeName)): must be \"http\" or \"https\"")
        }
        self.scheme = scheme
        params = try c.decode([String: [String]].self, forKey: .params, default: [:])
        honorLabels = try c.decode(Bool.self, forKey: .honorLabels, default: false)
        honorTimestamps = try c.decode(Bool.self, forKey: .honorTimestamps, default: true)
        staticConfigs = try c.decode([StaticConfig].self, forKey: .staticConfigs, default: [])
        let relabel = try c.decode([RelabelConfig?].self, forKey: .relabelConfigs, default: [])
        if relabel.contains(where: { $0 == nil }) {
            throw c.invalid(.relabelConfigs, "empty or null target relabeling rule in scrape config")
        }
        relabelConfigs = relabel.compactMap { $0 }
        let metricRelabel = try c.decode([RelabelConfig?].self, forKey: .metricRelabelConfigs, default: [])
        if metricRelabel.contains(where: { $0 == nil }) {
            throw c.invalid(.metricRelabelConfigs, "empty or null metric relabeling rule in scrape config")
        }
        metricRelabelConfigs = metricRelabel.compactMap { $0 }
        sampleLimit = try c.decodeLimit(.sampleLimit)
        labelLimit = try c.decodeLimit(.labelLimit)
        labelNameLengthLimit = try c.decodeLimit(.labelNameLengthLimit)
        labelValueLengthLimit = try c.decodeLimit(.labelValueLengthLimit)
        targetLimit = try c.decodeLimit(.targetLimit)
        auth = try ScrapeConfig.decodeAuth(c)
        followRedirects = try c.decode(Bool.self, forKey: .followRedirects, default: true)
        _ = try c.decodeIfPresent(Bool.self, forKey: .enableHTTP2)

        // Prometheus catches URLs written as targets, unless relabeling may rewrite them.
        if relabelConfigs.isEmpty {
            for group in staticConfigs {
                for target in group.targets where target.contains("/") {
                    throw c.invalid(.staticConfigs, "\(quoteGoString(target)) is not a valid hostname")
                }
            }
        }
    }

    private static func decodeAuth(_ c: KeyedDecodingContainer<CodingKeys>) throws -> ScrapeAuth? {
        let basic = try c.decodeIfPresent(BasicAuthConfig.self, forKey: .basicAuth)
        let authorization = try c.decodeIfPresent(AuthorizationConfig.self, forKey: .authorization)
        let token = try c.decodeIfPresent(ScrapeSecret.self, forKey: .bearerToken)
        let tokenFile = try c.decodeIfPresent(String.self, forKey: .bearerTokenFile)
        if token != nil, tokenFile != nil {
            throw c.invalid(.bearerToken, "at most one of bearer_token & bearer_token_file must be configured")
        }
        if basic != nil, token != nil || tokenFile != nil {
            throw c.invalid(.basicAuth, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")
        }
        if authorization != nil, token != nil || tokenFile != nil {
            throw c.invalid(.authorization, "authorization is not compatible with bearer_token & bearer_token_file")
        }
        if basic != nil, authorization != nil {
            throw c.invalid(.authorization, "at most one of basic_auth, oauth2 & authorization must be configured")
        }
        if let basic { return .basic(username: basic.username, password: basic.password, passwordFile: basic.passwordFile) }
        if let authorization {
            return .authorization(type: authorization.type, credentials: authorization.credentials, credentialsFile: authorization.credentialsFile)
        }
        if token != nil || tokenFile != nil { return .authorization(type: "Bearer", credentials: token, credentialsFile: tokenFile) }
        return nil
    }
}

extension KeyedDecodingContainer where Key == ScrapeConfig.CodingKeys {
    /// A non-negative count, 0 when absent.
    fileprivate func decodeLimit(_ key: Key) throws -> Int {
        let value = try decode(Int.self, forKey: key, default: 0)
        if value < 0 { throw invalid(key, "\(key.stringValue) must not be negative, got \(value)") }
        return value
    }
}
