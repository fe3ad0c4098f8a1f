import Ingest
import VigilCore

/// What one probe found, turned into the series a blackbox_exporter `/probe` answer holds:
/// `probe_success`, `probe_duration_seconds`, then the module's own (`probe_http_status_code`, …)
/// in the order they were set.
public struct ProbeReport: Sendable {
    /// Why the probe failed; nil when it succeeded.
    public var failure: String?
    /// Seconds.
    public var duration = 0.0
    /// Module series by name, in insertion order.
    public private(set) var gauges: [(name: String, value: Double)] = []

    public init() {}

    public var success: Bool { failure == nil }

    /// Sets gauge `name` to `value`, keeping its first position.
    public mutating func set(_ name: String, _ value: Double) {
        if let index = gauges.firstIndex(where: { $0.name == name }) { gauges[index].value = value } else { gauges.append((name, value)) }
    }

    /// Records the first failure; later ones are consequences.
    public mutating func fail(_ message: String) {
        if failure == nil { failure = message }
    }

    /// The probe's series as a scrape of them (no timestamps: the scrape time is used and
    /// staleness is tracked), with `failure` for the target's last error.
    public var input: ScrapeInput {
        var batch = SampleBatch()
        batch.add(Labels([Label.metricName: "probe_success"]), ScrapeInput.noTimestamp, success ? 1 : 0)
        batch.add(Labels([Label.metricName: "probe_duration_seconds"]), ScrapeInput.noTimestamp, duration)
        for gauge in gauges { batch.add(Labels([Label.metricName: gauge.name]), ScrapeInput.noTimestamp, gauge.value) }
        return .probed(batch, failure: failure)
    }

}
