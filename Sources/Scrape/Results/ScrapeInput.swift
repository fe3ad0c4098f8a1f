import Ingest
import VigilCore

/// What one scrape of a target brought back, as the scraper hands it to `ScrapeCache.append`.
public enum ScrapeInput: Sendable {
    /// The parsed body. Samples the target sent without a timestamp must carry
    /// `ScrapeInput.noTimestamp` (parse with `defaultTimestamp: ScrapeInput.noTimestamp`);
    /// `parseError` fails the scrape after the samples are counted.
    case samples(SampleBatch, parseError: String? = nil)
    /// No body: connection refused, timeout, non-2xx status, body too large.
    case failed(String)
    /// A probe's series (`ProbeReport`): stored like a good scrape's, `up` 1 (the probe ran);
    /// `failure`, why `probe_success` is 0, becomes the target's last error.
    case probed(SampleBatch, failure: String?)

    /// The timestamp marking "none given": the scrape time is used and staleness is tracked.
    public static let noTimestamp = Int64.min

    /// Parses a body in the text format or OpenMetrics (by `contentType`) into an input.
    /// Timestamps are milliseconds in the text format and seconds in OpenMetrics, as a scraped
    /// target declares its format (no guessing from the values, unlike the push endpoint).
    public static func parse(_ body: [UInt8], contentType: String?) -> ScrapeInput {
        let openMetrics = contentType?.lowercased().hasPrefix("application/openmetrics-text") ?? false
        var parser = ExpositionParser(timestampUnit: openMetrics ? .seconds : .milliseconds, defaultTimestamp: noTimestamp)
        var batch = SampleBatch()
        parser.feed(body, into: &batch)
        parser.finish(into: &batch)
        return .samples(batch, parseError: parser.errors.first.map(\.description))
    }
}
