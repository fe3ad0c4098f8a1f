import VigilCore

/// Parsed samples in struct-of-arrays form; the parser appends, the caller drains and clears
/// (`removeAll(keepingCapacity:)` keeps the buffers, so a steady stream allocates nothing here).
public struct SampleBatch: Sendable {
    public var labels: [Labels] = []
    /// Milliseconds since the epoch.
    public var timestamps: [Int64] = []
    public var values: [Double] = []
    /// `# TYPE` / `# HELP` / `# UNIT` by metric family name (kept by `removeAll`).
    public var metadata: [String: MetricMetadata] = [:]

    public init() {}

    public var count: Int { labels.count }
    public var isEmpty: Bool { labels.isEmpty }

    @inline(__always)
    mutating func append(_ series: Labels, _ timestamp: Int64, _ value: Double) {
        labels.append(series)
        timestamps.append(timestamp)
        values.append(value)
    }

    public mutating func removeAll(keepingCapacity: Bool = true) {
        labels.removeAll(keepingCapacity: keepingCapacity)
        timestamps.removeAll(keepingCapacity: keepingCapacity)
        values.removeAll(keepingCapacity: keepingCapacity)
    }
}

/// One invalid line: `description` is `line 12: expected '=' after label name "job"`.
public struct ExpositionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number in the body.
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}

/// How sample timestamps are read.
public enum TimestampUnit: Sendable, Hashable {
    /// Integer milliseconds (Prometheus text format 0.0.4).
    case milliseconds
    /// Seconds, possibly fractional (OpenMetrics), stored rounded to the nearest millisecond.
    case seconds
    /// Decided once per body; see `ExpositionParser`.
    case auto
}

extension TimestampUnit {
    /// The unit for a request's `Content-Type`: `application/openmetrics-text` means seconds,
    /// anything else (including `text/plain; version=0.0.4`, which VictoriaMetrics' importers
    /// also use for seconds) is decided from the body.
    public static func forContentType(_ contentType: String?) -> TimestampUnit {
        guard let contentType else { return .auto }
        return contentType.lowercased().hasPrefix("application/openmetrics-text") ? .seconds : .auto
    }
}
