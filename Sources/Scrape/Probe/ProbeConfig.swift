import VigilConfig
import VigilCore

/// One entry of `probe_configs`: a health probe job, blackbox_exporter's module and Prometheus's
/// scrape job in one. Every `interval`, each target is probed with `module`, and the outcome is
/// stored as `probe_success`, `probe_duration_seconds` and the module's series, labelled
/// `job=<job_name>`, `instance=<target>` and the target labels.
///
/// ```yaml
/// probe_configs:
///   - job_name: shop-http
///     interval: 30s          # default: scrape.scrape_interval
///     timeout: 5s            # default 10s, never above interval
///     targets: ["https://shop.example.com/healthz"]
///     labels: {team: shop}
///     http:
///       valid_status_codes: [200]
///       fail_if_body_not_matches_regexp: ['"status":\s*"ok"']
/// ```
///
/// Decoding takes the `interval` default from `userInfo[ScrapeGlobal.userInfoKey]`, as
/// `ScrapeConfig` does.
public struct ProbeConfig: Sendable, Hashable {
    /// Unique among probe and scrape jobs; the `job` label of its series.
    public var jobName: String
    public var interval: PromDuration
    /// At most `interval`.
    public var timeout: PromDuration
    /// URLs for `http`, `host:port` for `tcp`; each becomes `__address__` and, unless relabeling
    /// sets one, `instance`.
    public var targets: [String]
    /// Labels of every target.
    public var labels: Labels
    /// Applied to each target's labels before probing, as a scrape job's `relabel_configs`.
    public var relabelConfigs: [RelabelConfig]
    public var module: ProbeModule

    public init(jobName: String, interval: PromDuration, timeout: PromDuration = .seconds(10), targets: [String],
                labels: Labels = .empty, relabelConfigs: [RelabelConfig] = [], module: ProbeModule) {
        self.jobName = jobName
        self.interval = interval
        self.timeout = min(timeout, interval)
        self.targets = targets
        self.labels = labels
        self.relabelConfigs = relabelConfigs
        self.module = module
    }

    /// The job the scrape manager runs: a scrape job whose targets are probed instead of fetched
    /// (`ScrapeConfig.probe`), so reloads, scheduling, `up` and staleness work as for scrapes.
    public var scrapeConfig: ScrapeConfig {
        var job = ScrapeConfig(jobName: jobName, global: ScrapeGlobal(scrapeInterval: interval, scrapeTimeout: timeout))
        job.staticConfigs = [StaticConfig(targets: targets, labels: labels)]
        job.relabelConfigs = relabelConfigs
        job.probe = module
        return job
    }
}

extension ProbeConfig: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case jobName = "job_name", interval, timeout, targets, labels, relabelConfigs = "relabel_configs", http, tcp
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "probe_config")
        let global = decoder.userInfo[ScrapeGlobal.userInfoKey] as? ScrapeGlobal ?? ScrapeGlobal()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        jobName = try c.decode(String.self, forKey: .jobName, default: "")
        if jobName.isEmpty { throw c.invalid(.jobName, "job_name is empty") }
        interval = try c.decode(PromDuration.self, forKey: .interval, default: global.scrapeInterval)
        if interval == .zero { throw c.invalid(.interval, "interval must be positive") }
        timeout = try c.decode(PromDuration.self, forKey: .timeout, default: min(.seconds(10), interval))
        if timeout == .zero { throw c.invalid(.timeout, "timeout must be positive") }
        if timeout > interval {
            throw c.invalid(.timeout, "timeout \(timeout) greater than interval \(interval) for probe config with job name \(quoteGoString(jobName))")
        }
        targets = try c.decode([String].self, forKey: .targets, default: [])
        if targets.isEmpty { throw c.invalid(.targets, "no targets for probe config with job name \(quoteGoString(jobName))") }
        let labels = try c.decode([String: String].self, forKey: .labels, default: [:])
        for name in labels.keys.sorted() where !LabelName.isValid(name) {
            throw c.invalid(.labels, "\(quoteGoString(name)) is not a valid label name")
        }
        self.labels = Labels(labels)
        let relabel = try c.decode([RelabelConfig?].self, forKey: .relabelConfigs, default: [])
        if relabel.contains(where: { $0 == nil }) {
            throw c.invalid(.relabelConfigs, "empty or null target relabeling rule in probe config")
        }
        relabelConfigs = relabel.compactMap { $0 }
        let http = try c.decodeIfPresent(HTTPProbeModule.self, forKey: .http)
        let tcp = try c.decodeIfPresent(TCPProbeModule.self, forKey: .tcp)
        switch (http, tcp) {
        case (let http?, nil): module = .http(http)
        case (nil, let tcp?): module = .tcp(tcp)
        case (nil, nil): throw c.invalid(.jobName, "probe config with job name \(quoteGoString(jobName)) needs one module: http or tcp")
        case (_?, _?): throw c.invalid(.tcp, "probe config with job name \(quoteGoString(jobName)) has both http and tcp: choose one")
        }
    }
}
