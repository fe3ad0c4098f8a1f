import TSDB
import VigilCore

/// What one import stored and skipped.
public struct ImportSummary: Sendable, Hashable {
    /// Lines read (including comments and blank lines).
    public var lines = 0
    /// Valid sample lines parsed.
    public var samplesParsed = 0
    /// Samples the TSDB stored (identical duplicates included).
    public var accepted = 0
    /// Samples the TSDB refused (out of order, duplicate timestamp with another value, too old).
    public var rejected = Rejections()
    /// Lines skipped as malformed; `errors` holds the first few.
    public var invalidLines = 0
    public var errors: [ExpositionError] = []
    /// Body bytes read.
    public var bytes = 0
    /// The timestamp unit used (what `.auto` resolved to; `.auto` if no sample had a timestamp).
    public var timestampUnit: TimestampUnit = .auto

    public init() {}

    /// A plain-text report: one summary line, then one line per reported error.
    public var report: String {
        var text = "\(samplesParsed) samples parsed, \(accepted) stored, \(rejected.total) rejected by the TSDB"
        if rejected.total > 0 {
            let parts = RejectionReason.allCases.filter { rejected[$0] > 0 }.map { "\($0.rawValue): \(rejected[$0])" }
            text += " (" + parts.joined(separator: ", ") + ")"
        }
        text += "; \(invalidLines) of \(lines) lines invalid\n"
        for error in errors { text += error.description + "\n" }
        if invalidLines > errors.count { text += "(\(invalidLines - errors.count) more invalid lines not listed)\n" }
        return text
    }
}

/// Parses exposition text chunk by chunk into a `TimeSeriesDB`, committing every
/// `commitEvery` samples so memory stays bounded however long the body is.
///
/// ```swift
/// var importer = TextImporter(db: db, timestampUnit: .auto, arrivalTime: nowMs)
/// for try await buffer in body { try buffer.withUnsafeReadableBytes { try importer.feed($0) } }
/// let summary = try importer.finish()
/// ```
/// Samples committed before a later error (or a body-size stop) stay stored.
public struct TextImporter {
    public let commitEvery: Int
    private var parser: ExpositionParser
    private var batch = SampleBatch()
    private var appender: Appender
    private var summary = ImportSummary()
    private let cache: SeriesRefCache?
    private var resolved: [SeriesRef?] = []

    /// - Parameter cache: series spellings shared with earlier imports into `db` (one cache per
    ///   database); nil parses every body afresh.
    public init(db: TimeSeriesDB, timestampUnit: TimestampUnit = .auto, arrivalTime: Int64,
                commitEvery: Int = 50_000, maxReportedErrors: Int = 10, cache: SeriesRefCache? = nil) {
        self.commitEvery = max(1, commitEvery)
        self.cache = cache
        parser = ExpositionParser(timestampUnit: timestampUnit, defaultTimestamp: arrivalTime,
                                  maxReportedErrors: maxReportedErrors, sharedCache: cache)
        appender = db.appender()
        batch.labels.reserveCapacity(min(commitEvery, 1 << 16))
    }

    /// Bytes read so far.
    public var bytes: Int { summary.bytes }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws {
        summary.bytes += chunk.count
        parser.feed(chunk, into: &batch)
        if batch.count >= commitEvery { try flush() }
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) throws {
        let array = Array(bytes)
        try array.withUnsafeBytes { try feed($0) }
    }

    /// Parses a final unterminated line, commits what is pending and returns the totals.
    public mutating func finish() throws -> ImportSummary {
        parser.finish(into: &batch)
        try flush()
        return currentSummary
    }

    /// Commits what is pending without finishing (e.g. before answering 413).
    public mutating func stop() throws -> ImportSummary {
        try flush()
        return currentSummary
    }

    private var currentSummary: ImportSummary {
        var out = summary
        out.lines = parser.lineCount
        out.samplesParsed = parser.samplesParsed
        out.invalidLines = parser.invalidLines
        out.errors = parser.errors
        out.timestampUnit = parser.timestampUnit
        return out
    }

    private mutating func flush() throws {
        guard !batch.isEmpty else { return }
        defer { batch.removeAll() }
        let result = try batch.commit(0..<batch.count, to: &appender, cache: cache, resolved: &resolved)
        summary.accepted += result.accepted
        summary.rejected.outOfOrder += result.rejected.outOfOrder
        summary.rejected.duplicateTimestampDifferentValue += result.rejected.duplicateTimestampDifferentValue
        summary.rejected.outOfBounds += result.rejected.outOfBounds
    }
}
