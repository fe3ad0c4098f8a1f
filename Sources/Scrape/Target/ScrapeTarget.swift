import VigilCore

/// One endpoint of a job, after target relabeling: what to scrape and the labels its series get.
///
/// Built by `TargetBuilder` from a job's static targets; compare Prometheus's `scrape.Target`.
public struct ScrapeTarget: Sendable, Hashable {
    /// The labels before relabeling (`__address__`, `__scheme__`, `job`, …), as `/api/v1/targets` shows them.
    public let discoveredLabels: Labels
    /// The labels after relabeling, `__meta_*` removed and `instance` defaulted, still with the
    /// reserved `__`-prefixed ones the scrape reads.
    public let internalLabels: Labels
    /// Query parameters of the job before `__param_*` labels override them.
    public let params: [String: [String]]

    public init(discoveredLabels: Labels, internalLabels: Labels, params: [String: [String]]) {
        self.discoveredLabels = discoveredLabels
        self.internalLabels = internalLabels
        self.params = params
    }

    /// The target labels every scraped series gets: the internal labels without `__` names.
    public var labels: Labels { Labels(sortedUnchecked: internalLabels.pairs.filter { !$0.name.hasPrefix("__") }) }

    public var address: String { internalLabels.value(of: TargetLabel.address) }
    public var scheme: String { internalLabels.value(of: TargetLabel.scheme) }
    public var metricsPath: String { internalLabels.value(of: TargetLabel.metricsPath) }
    /// From `__scrape_interval__`, which relabeling may have changed; checked when built.
    public var scrapeInterval: PromDuration { (try? PromDuration(parsing: internalLabels.value(of: TargetLabel.scrapeInterval))) ?? .zero }
    /// From `__scrape_timeout__`, which relabeling may have changed; checked when built.
    public var scrapeTimeout: PromDuration { (try? PromDuration(parsing: internalLabels.value(of: TargetLabel.scrapeTimeout))) ?? .zero }

    /// The query of each scrape: the job's `params`, the first value of each replaced by its
    /// `__param_<name>` label (added when the job has none).
    public var queryParameters: [String: [String]] {
        var out = params
        for label in internalLabels where label.name.hasPrefix(TargetLabel.paramPrefix) {
            let name = String(label.name.dropFirst(TargetLabel.paramPrefix.count))
            if var values = out[name], !values.isEmpty {
                values[0] = label.value
                out[name] = values
            } else {
                out[name] = [label.value]
            }
        }
        return out
    }

    /// `scheme://address/path?query`, the query encoded like Go's `url.Values.Encode` (keys sorted);
    /// the address alone for a probe target, which has no scheme.
    public var url: String {
        if scheme.isEmpty { return address }
        var out = "\(scheme)://\(address)"
        let path = metricsPath
        if !path.isEmpty, !path.hasPrefix("/") { out += "/" }
        out += URLEncoding.escapePath(path)
        let query = URLEncoding.encodeQuery(queryParameters)
        if !query.isEmpty { out += "?" + query }
        return out
    }
}
