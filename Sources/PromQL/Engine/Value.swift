import VigilCore

/// One element of an instant vector.
public struct Sample: Sendable, Hashable {
    public var metric: Labels
    public var value: Double
    /// The timestamp of the stored sample a selector picked (the evaluation time otherwise).
    public var timestamp: Int64
    /// Delayed `__name__` removal: the name is dropped when the query finishes.
    public var dropName: Bool

    public init(metric: Labels, value: Double, timestamp: Int64, dropName: Bool = false) {
        self.metric = metric
        self.value = value
        self.timestamp = timestamp
        self.dropName = dropName
    }
}

/// One series of a range vector: labels and points in time order (shared storage, no copies).
public struct RangeSeries: Sendable {
    public var metric: Labels
    public var timestamps: ArraySlice<Int64>
    public var values: ArraySlice<Double>
    public var dropName: Bool

    public init(metric: Labels, timestamps: ArraySlice<Int64>, values: ArraySlice<Double>, dropName: Bool = false) {
        self.metric = metric
        self.timestamps = timestamps
        self.values = values
        self.dropName = dropName
    }

    public var count: Int { timestamps.count }
}

extension RangeSeries {
    /// The samples of `timestamps` and `values` (as long as each other) that are not stale
    /// markers: windows skip them. Nil when only stale markers are left.
    init?(metric: Labels, live timestamps: ArraySlice<Int64>, _ values: ArraySlice<Double>) {
        guard values.contains(where: StaleMarker.isStale) else {
            self.init(metric: metric, timestamps: timestamps, values: values)
            return
        }
        var kept: [Int64] = [], keptValues: [Double] = []
        for (timestamp, value) in zip(timestamps, values) where !StaleMarker.isStale(value) {
            kept.append(timestamp)
            keptValues.append(value)
        }
        if kept.isEmpty { return nil }
        self.init(metric: metric, timestamps: kept[...], values: keptValues[...])
    }
}

/// What an expression evaluates to at one instant.
public enum Value: Sendable {
    case scalar(Double)
    case string(String)
    case vector([Sample])
    case matrix([RangeSeries])
}

/// The result of a query.
public enum QueryResult: Sendable {
    case scalar(Double)
    case string(String)
    case vector([Sample])
    case matrix([RangeSeries])
}

/// A query that fails while it runs (not a parse error).
public struct EvalError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A warning or info annotation attached to a result, as Prometheus returns them.
public struct Annotation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable { case warning, info }
    public var kind: Kind
    public var message: String
    public var description: String { "PromQL \(kind == .warning ? "warning" : "info"): \(message)" }
}

extension Labels {
    /// Label set order as Prometheus sorts results: label by label, name then value; prefix first.
    static func promLess(_ a: Labels, _ b: Labels) -> Bool { precedes(a, b) }

    /// Drops `__name__` and the reserved metadata labels `__type__` and `__unit__` that travel with it.
    func droppingName() -> Labels {
        // Compared by hand: hashing every label name into a Set cost more than the copy.
        @inline(__always) func isNameLabel(_ name: String) -> Bool {
            name == Label.metricName || name == "__type__" || name == "__unit__"
        }
        guard pairs.contains(where: { isNameLabel($0.name) }) else { return self }
        return Labels(sortedUnchecked: pairs.filter { !isNameLabel($0.name) })
    }
}

extension Value {
    /// Whether every series of a vector or matrix has the same `__name__` (or none has one).
    /// A function's output over such arguments cannot hold two equal label sets, even after
    /// dropping the name: the arguments' label sets were unique and differ in more than the name.
    var sharesOneName: Bool {
        switch self {
        case .scalar, .string: return true
        case .vector(let samples): return Self.sameName(samples.lazy.map(\.metric))
        case .matrix(let series): return Self.sameName(series.lazy.map(\.metric))
        }
    }

    private static func sameName(_ metrics: some Collection<Labels>) -> Bool {
        guard let first = metrics.first?[Label.metricName] else { return metrics.allSatisfy { $0[Label.metricName] == nil } }
        return metrics.allSatisfy { $0[Label.metricName] == first }
    }
}
