import TSDB
import VigilCore

/// What storing one remote-write request did.
public struct RemoteWriteSummary: Sendable, Hashable {
    /// `TimeSeries` entries in the request.
    public var series = 0
    /// Float samples in the request.
    public var samples = 0
    /// Samples the TSDB stored (identical duplicates included).
    public var accepted = 0
    /// Samples the TSDB refused (out of order, duplicate timestamp with another value, too old).
    public var rejected = Rejections()
    /// Entries Vigil does not store, counted.
    public var exemplars = 0, histograms = 0, metadata = 0

    public init() {}

    /// A plain-text report, one line, as the import endpoint's first line.
    public var report: String {
        var text = "\(samples) samples in \(series) series, \(accepted) stored, \(rejected.total) rejected by the TSDB"
        if rejected.total > 0 {
            let parts = RejectionReason.allCases.filter { rejected[$0] > 0 }.map { "\($0.rawValue): \(rejected[$0])" }
            text += " (" + parts.joined(separator: ", ") + ")"
        }
        let ignored = [(exemplars, "exemplars"), (histograms, "native histograms"), (metadata, "metadata entries")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        if !ignored.isEmpty { text += "; ignored: " + ignored.joined(separator: ", ") }
        return text + "\n"
    }
}

/// Stores a decoded remote-write request in a `TimeSeriesDB`, committing every `commitEvery`
/// samples. The request was decoded and checked whole before (`RemoteWriteDecoder`), so a
/// refused body never reaches here; samples the TSDB rejects are counted and the others stored.
///
/// ```swift
/// let request = try message.withUnsafeBytes { try RemoteWriteDecoder.decode($0) }
/// let summary = try RemoteWriteImporter.store(request, into: db)
/// ```
public enum RemoteWriteImporter {
    /// - Parameter cache: the cache the request was decoded with, to learn the series of the
    ///   label spellings it did not know.
    /// - Throws: the TSDB's error when the WAL cannot be written; commits before it stay stored.
    public static func store(_ request: RemoteWriteRequest, into db: TimeSeriesDB,
                             commitEvery: Int = 50_000, cache: SeriesRefCache? = nil) throws -> RemoteWriteSummary {
        var summary = RemoteWriteSummary()
        summary.series = request.series
        summary.samples = request.samples.count
        summary.exemplars = request.exemplars
        summary.histograms = request.histograms
        summary.metadata = request.metadata
        let batch = request.samples
        var appender = db.appender()
        var resolved: [SeriesRef?] = []
        let every = max(1, commitEvery)
        var start = 0
        while start < batch.count {
            let end = min(start + every, batch.count)
            let result = try batch.commit(start..<end, to: &appender, cache: cache, resolved: &resolved)
            summary.accepted += result.accepted
            for reason in RejectionReason.allCases { summary.rejected[reason] += result.rejected[reason] }
            start = end
        }
        return summary
    }
}
