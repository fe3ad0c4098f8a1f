import Ingest
import VigilCore

/// The state one target's scrape loop keeps between scrapes, and the pure step from a scrape's
/// samples to what is stored, after Prometheus's `scrapeLoop.append` and `report`.
///
/// - Labels: each scraped label set is mutated once (`SampleLabeling`) and cached; dropped ones too.
/// - Limits: a series without a name, with invalid names or over a label limit stops the scrape;
///   over `sample_limit` the body is still counted. Either way the scrape fails: none of its
///   samples are stored and `up` is 0.
/// - Staleness: series seen in the previous successful scrape (without explicit timestamps) and
///   missing now get a stale marker at the scrape time; a failed scrape marks them all stale.
///   `stop(at:)` marks everything stale when the target goes away.
///
/// ```swift
/// var cache = ScrapeCache(target: target, job: job)
/// let result = cache.append(.parse(body, contentType: type), at: startMillis, duration: 0.012)
/// try store.append(result.samples)
/// ```
public struct ScrapeCache: Sendable {
    public let target: ScrapeTarget
    public let job: ScrapeConfig
    private let targetLabels: Labels
    /// Scraped labels → stored labels, nil for series metric relabeling drops.
    private var entries: [Labels: Labels?] = [:]
    /// Scraped labels seen in the current scrape, for pruning `entries` after a good scrape.
    private var seenThisScrape: Set<Labels> = []
    /// Stored label sets of the last scrape that may need a stale marker.
    private var previousSeries: Set<Labels> = []
    /// Whether any scrape was appended (no report to mark stale otherwise).
    private var everScraped = false

    public init(target: ScrapeTarget, job: ScrapeConfig) {
        self.target = target
        self.job = job
        targetLabels = target.labels
    }

    /// The names of the report series, in the order they are written.
    public static let reportSeries = [
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
    ]

    /// Turns one scrape into the samples to store.
    /// - Parameters:
    ///   - time: when the scrape started, milliseconds since the epoch; the timestamp of samples
    ///     without their own, of stale markers and of the report series.
    ///   - duration: how long the scrape took, in seconds (`scrape_duration_seconds`).
    public mutating func append(_ input: ScrapeInput, at time: Int64, duration: Double) -> ScrapeResult {
        everScraped = true
        var result = ScrapeResult()
        switch input {
        case .failed(let message):
            result.failure = message
        case .samples(let batch, let parseError):
            appendSamples(batch, at: time, into: &result)
            if result.failure == nil, let parseError { result.failure = parseError }
            if result.failure == nil, !batch.isEmpty { pruneEntries() }
        case .probed(let batch, let failure):
            appendSamples(batch, at: time, into: &result)
            if result.failure == nil { pruneEntries() }
            result.probeFailure = failure
        }
        switch input {
        case .samples(let batch, _) where result.failure == nil: result.metadata = batch.metadata
        default: break
        }
        if result.failure != nil {
            // As Prometheus rolls the append back and appends an empty scrape instead.
            result.samples.removeAll()
            markStale(previousSeries, at: time, into: &result)
            previousSeries = []
        }
        let values = [result.up ? 1 : 0, duration, Double(result.samplesScraped),
                      Double(result.samplesPostMetricRelabeling), Double(result.seriesAdded)]
        for (name, value) in zip(ScrapeCache.reportSeries, values) {
            result.samples.add(SampleLabeling.reportLabels(name, target: targetLabels), time, value)
        }
        return result
    }

    /// Stale markers for every series of the last scrape and for the report series: the target
    /// is gone (dropped by discovery or relabeling, or its job removed). Empty if never scraped.
    public mutating func stop(at time: Int64) -> SampleBatch {
        var result = ScrapeResult()
        guard everScraped else { return result.samples }
        markStale(previousSeries, at: time, into: &result)
        for name in ScrapeCache.reportSeries {
            result.samples.add(SampleLabeling.reportLabels(name, target: targetLabels), time, StaleMarker.value)
        }
        previousSeries = []
        everScraped = false
        return result.samples
    }

    private mutating func appendSamples(_ batch: SampleBatch, at time: Int64, into result: inout ScrapeResult) {
        var current: Set<Labels> = []
        var appended = 0
        var sampleLimitHit = false
        seenThisScrape = []
        for i in 0..<batch.count {
            result.samplesScraped += 1
            let scraped = batch.labels[i]
            seenThisScrape.insert(scraped)
            let isNew: Bool
            let stored: Labels
            if let cached = entries[scraped] {
                guard let cached else { continue }
                stored = cached
                isNew = false
            } else {
                guard let mutated = SampleLabeling.sampleLabels(scraped, target: targetLabels, honorLabels: job.honorLabels,
                                                                  metricRelabelConfigs: job.metricRelabelConfigs) else {
                    entries[scraped] = .some(nil)
                    continue
                }
                if mutated[Label.metricName] == nil {
                    result.failure = "missing metric name (__name__ label)"
                    return
                }
                if !SampleLabeling.isValid(mutated) {
                    result.failure = "invalid metric name or label names: \(mutated)"
                    return
                }
                if let violation = SampleLabeling.limitViolation(mutated, job: job) {
                    result.failure = violation
                    return
                }
                entries[scraped] = mutated
                stored = mutated
                isNew = true
            }
            let value = batch.values[i]
            let explicit = job.honorTimestamps && batch.timestamps[i] != ScrapeInput.noTimestamp
            // The limit counts every sample but stale markers, as Prometheus's limitAppender.
            if !StaleMarker.isStale(value) { appended += 1 }
            if job.sampleLimit > 0, appended > job.sampleLimit {
                sampleLimitHit = true
            } else {
                result.samples.add(stored, explicit ? batch.timestamps[i] : time, value)
                if isNew, !sampleLimitHit { result.seriesAdded += 1 }
            }
            // Samples with their own timestamp bypass staleness handling.
            if !explicit { current.insert(stored) }
            result.samplesPostMetricRelabeling += 1
        }
        if sampleLimitHit {
            result.failure = "sample limit exceeded"
            return
        }
        markStale(previousSeries.subtracting(current), at: time, into: &result)
        previousSeries = current
    }

    private func markStale(_ series: Set<Labels>, at time: Int64, into result: inout ScrapeResult) {
        // Sorted so that the output does not depend on hashing order.
        for labels in series.sorted(by: { $0.description < $1.description }) {
            result.samples.add(labels, time, StaleMarker.value)
            result.staleMarkers += 1
        }
    }

    /// Forgets cached series the last good scrape did not expose, as Prometheus's `iterDone`.
    private mutating func pruneEntries() {
        entries = entries.filter { seenThisScrape.contains($0.key) }
    }
}
