import Ingest
import Testing
import VigilConfig
import VigilCore
@testable import Scrape

// The body and jobs Debian's prometheus 2.42 scraped from a local HTTP server; the stored series
// and report values below were read back through its `/api/v1/query`.
private let body = """
    # TYPE http_requests_total counter
    http_requests_total{code="200",job="app",instance="pod-1"} 10
    http_requests_total{code="500",job="app",exported_job="x"} 2
    go_goroutines 7
    process_cpu_seconds_total{mode="user"} 1.5

    """

private func setup(_ yaml: String) throws -> ScrapeCache {
    let job = try YAMLLoader(file: nil).decode(ScrapeConfig.self, from: yaml)
    let target = try #require(TargetBuilder.targets(for: job).active.first)
    return ScrapeCache(target: target, job: job)
}

private func scrape(_ cache: inout ScrapeCache, _ text: String, at time: Int64 = 1_000) -> ScrapeResult {
    cache.append(.parse(Array(text.utf8), contentType: "text/plain; version=0.0.4"), at: time, duration: 0.25)
}

/// `name{labels} value` lines, sorted, stale markers written as `stale`.
private func lines(_ batch: SampleBatch) -> [String] {
    (0..<batch.count).map { i in
        let value = batch.values[i]
        return "\(batch.labels[i]) \(StaleMarker.isStale(value) ? "stale" : "\(value)") @\(batch.timestamps[i])"
    }.sorted()
}

private func report(_ result: ScrapeResult) -> [String: Double] {
    var out: [String: Double] = [:]
    for i in 0..<result.samples.count where ScrapeCache.reportSeries.contains(result.samples.labels[i].value(of: "__name__")) {
        out[result.samples.labels[i].value(of: "__name__")] = result.samples.values[i]
    }
    return out
}

@Test func conflictsMoveToExportedAndMetricRelabelingDrops() throws {
    var cache = try setup("""
        job_name: scraped
        static_configs: [{targets: ["127.0.0.1:19101"], labels: {code: target-code}}]
        metric_relabel_configs: [{source_labels: [__name__], regex: go_.*, action: drop}]
        """)
    let result = scrape(&cache, body)
    let t = #"code="target-code", "#
    #expect(lines(result.samples).filter { !$0.contains("scrape_") && !$0.hasPrefix("{__name__=\"up\"") } == [
        #"{__name__="http_requests_total", \#(t)exported_code="200", exported_instance="pod-1", exported_job="app", instance="127.0.0.1:19101", job="scraped"} 10.0 @1000"#,
        #"{__name__="http_requests_total", \#(t)exported_code="500", exported_exported_job="app", exported_job="x", instance="127.0.0.1:19101", job="scraped"} 2.0 @1000"#,
        #"{__name__="process_cpu_seconds_total", \#(t)instance="127.0.0.1:19101", job="scraped", mode="user"} 1.5 @1000"#,
    ])
    // prometheus 2.42: up 1, scraped 4, post-relabeling 3, series added 3 on the first scrape, then 0.
    #expect(report(result) == ["up": 1, "scrape_duration_seconds": 0.25, "scrape_samples_scraped": 4,
                               "scrape_samples_post_metric_relabeling": 3, "scrape_series_added": 3])
    #expect(report(scrape(&cache, body, at: 2_000))["scrape_series_added"] == 0)
    #expect(result.samples.labels.last == Labels(["__name__": "scrape_series_added", "code": "target-code",
                                                 "instance": "127.0.0.1:19101", "job": "scraped"]))
}

@Test func honorLabelsKeepsScrapedValues() throws {
    var cache = try setup("job_name: honored\nhonor_labels: true\nstatic_configs: [{targets: [\"127.0.0.1:19101\"]}]\n")
    let result = scrape(&cache, body)
    #expect(lines(result.samples).filter { $0.hasPrefix(#"{__name__="http"#) } == [
        #"{__name__="http_requests_total", code="200", instance="pod-1", job="app"} 10.0 @1000"#,
        #"{__name__="http_requests_total", code="500", exported_job="x", instance="127.0.0.1:19101", job="app"} 2.0 @1000"#,
    ])
    #expect(report(result)["scrape_series_added"] == 4)
}

@Test func sampleLimitFailsTheScrapeButCountsTheBody() throws {
    var cache = try setup("job_name: limited\nsample_limit: 2\nstatic_configs: [{targets: [\"127.0.0.1:19101\"]}]\n")
    let result = scrape(&cache, body)
    // prometheus 2.42: lastError "sample limit exceeded"; up 0, scraped 4, post 4, added 2.
    #expect(result.failure == "sample limit exceeded")
    #expect(report(result) == ["up": 0, "scrape_duration_seconds": 0.25, "scrape_samples_scraped": 4,
                               "scrape_samples_post_metric_relabeling": 4, "scrape_series_added": 2])
    #expect(result.samples.count == 5, "only the report series are stored")
}

@Test func labelLimitStopsAtTheOffendingSeries() throws {
    var cache = try setup("job_name: labellimited\nlabel_limit: 3\nstatic_configs: [{targets: [\"127.0.0.1:19101\"]}]\n")
    let result = scrape(&cache, body)
    // prometheus 2.42, verbatim, with up 0, scraped 1, post 0, added 0.
    #expect(result.failure == "label_limit exceeded (metric: http_requests_total, number of labels: 6, limit: 3)")
    #expect(report(result) == ["up": 0, "scrape_duration_seconds": 0.25, "scrape_samples_scraped": 1,
                               "scrape_samples_post_metric_relabeling": 0, "scrape_series_added": 0])
}

@Test func labelLengthLimits() throws {
    var names = try setup("job_name: j\nlabel_name_length_limit: 4\nstatic_configs: [{targets: [\"h:1\"]}]\n")
    #expect(scrape(&names, "m{long_name=\"v\"} 1\n").failure
            == "label_name_length_limit exceeded (metric: m, label name: __name__, length: 8, limit: 4)")
    var values = try setup("job_name: j\nlabel_value_length_limit: 2\nstatic_configs: [{targets: [\"h:1\"]}]\n")
    #expect(scrape(&values, "m 1\n").failure
            == #"label_value_length_limit exceeded (metric: m, label name: instance, value: "h:1", length: 3, limit: 2)"#)
}

@Test func vanishedSeriesGetStaleMarkersAndFailuresMarkEverything() throws {
    var cache = try setup("job_name: j\nstatic_configs: [{targets: [\"h:1\"]}]\n")
    _ = scrape(&cache, "a 1\nb 2\nc{x=\"1\"} 3 5000\n", at: 1_000)
    let second = scrape(&cache, "a 1\n", at: 2_000)
    // b vanished: stale at the scrape time; c had its own timestamp, so it is not tracked.
    #expect(lines(second.samples).filter { $0.contains("stale") } == [#"{__name__="b", instance="h:1", job="j"} stale @2000"#])
    #expect(second.staleMarkers == 1)
    let failed = cache.append(.failed("connection refused"), at: 3_000, duration: 0.001)
    #expect(failed.failure == "connection refused")
    #expect(lines(failed.samples).filter { $0.contains("stale") } == [#"{__name__="a", instance="h:1", job="j"} stale @3000"#])
    #expect(report(failed)["up"] == 0 && report(failed)["scrape_samples_scraped"] == 0)
    // Nothing left to mark after a failure; a good scrape brings the series back.
    #expect(cache.append(.failed("again"), at: 4_000, duration: 0).staleMarkers == 0)
    _ = scrape(&cache, "a 1\n", at: 5_000)
    let gone = cache.stop(at: 6_000)
    #expect(lines(gone) == [
        #"{__name__="a", instance="h:1", job="j"} stale @6000"#,
        #"{__name__="scrape_duration_seconds", instance="h:1", job="j"} stale @6000"#,
        #"{__name__="scrape_samples_post_metric_relabeling", instance="h:1", job="j"} stale @6000"#,
        #"{__name__="scrape_samples_scraped", instance="h:1", job="j"} stale @6000"#,
        #"{__name__="scrape_series_added", instance="h:1", job="j"} stale @6000"#,
        #"{__name__="up", instance="h:1", job="j"} stale @6000"#,
    ])
}

@Test func aLimitFailureMarksThePreviousSeriesStale() throws {
    var cache = try setup("job_name: j\nsample_limit: 1\nstatic_configs: [{targets: [\"h:1\"]}]\n")
    _ = scrape(&cache, "a 1\n", at: 1_000)
    let over = scrape(&cache, "a 1\nb 2\n", at: 2_000)
    #expect(over.failure == "sample limit exceeded")
    #expect(lines(over.samples).filter { !$0.contains("scrape_") && !$0.contains("\"up\"") }
            == [#"{__name__="a", instance="h:1", job="j"} stale @2000"#])
}

@Test func honorTimestampsFalseUsesTheScrapeTime() throws {
    var honoring = try setup("job_name: j\nstatic_configs: [{targets: [\"h:1\"]}]\n")
    #expect(scrape(&honoring, "a 1 5000\n", at: 1_000).samples.timestamps.first == 5_000)
    var ignoring = try setup("job_name: j\nhonor_timestamps: false\nstatic_configs: [{targets: [\"h:1\"]}]\n")
    #expect(scrape(&ignoring, "a 1 5000\n", at: 1_000).samples.timestamps.first == 1_000)
}

@Test func relabelingAwayTheNameFailsTheScrape() throws {
    var cache = try setup("job_name: j\nstatic_configs: [{targets: [\"h:1\"]}]\nmetric_relabel_configs: [{regex: __name__, action: labeldrop}]\n")
    #expect(scrape(&cache, "a 1\n").failure == "missing metric name (__name__ label)")
}
