import Ingest
import VigilCore

/// What to store after one scrape: the samples, the stale markers and the report series.
public struct ScrapeResult: Sendable {
    /// Scraped samples (none when the scrape failed), then stale markers, then `up`,
    /// `scrape_duration_seconds`, `scrape_samples_scraped`, `scrape_samples_post_metric_relabeling`
    /// and `scrape_series_added`. Timestamps in milliseconds.
    public var samples = SampleBatch()
    /// Why the scrape failed (the `lastError` of `/api/v1/targets`); nil when `up` is 1.
    public var failure: String?
    /// Why the probe of a `probe_configs` target failed; the scrape itself succeeded.
    public var probeFailure: String?
    /// Samples in the body, including ones relabeling dropped (`scrape_samples_scraped`).
    public var samplesScraped = 0
    /// Samples left after metric relabeling (`scrape_samples_post_metric_relabeling`).
    public var samplesPostMetricRelabeling = 0
    /// Series not in the previous scrape's cache (`scrape_series_added`).
    public var seriesAdded = 0
    /// Stale markers among `samples`.
    public var staleMarkers = 0

    /// The metric families' metadata the target declared; nil when the scrape failed (the
    /// target's previous metadata still stands, as in Prometheus's scrape cache).
    public var metadata: [String: MetricMetadata]?

    public init() {}

    public var up: Bool { failure == nil }
}

extension SampleBatch {
    mutating func add(_ labels: Labels, _ timestamp: Int64, _ value: Double) {
        self.labels.append(labels)
        timestamps.append(timestamp)
        values.append(value)
    }
}
