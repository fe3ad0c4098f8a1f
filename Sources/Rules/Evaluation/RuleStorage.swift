import Synchronization
import VigilCore

/// Where rules read series and write their results: recorded series, `ALERTS` and
/// `ALERTS_FOR_STATE`, and staleness markers for series a rule stopped producing.
public protocol RuleStorage: SeriesQueryable {
    /// Appends `samples` as one batch. Samples the store refuses (out of order, duplicates)
    /// are dropped; the call throws only when nothing could be written (e.g. disk failure).
    func append(_ samples: [RuleSample]) throws
}

/// One sample written by a rule.
public struct RuleSample: Sendable, Hashable {
    public var labels: Labels
    public var timestamp: Int64
    public var value: Double

    public init(labels: Labels, timestamp: Int64, value: Double) {
        self.labels = labels
        self.timestamp = timestamp
        self.value = value
    }
}

/// An in-memory `RuleStorage` for `rules test` and tests: a locked `MemorySeriesStore`.
public final class MemoryRuleStorage: RuleStorage {
    private let store: Mutex<MemorySeriesStore>

    public init(_ store: MemorySeriesStore = MemorySeriesStore()) { self.store = Mutex(store) }

    public func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [SeriesSamples] {
        try store.withLock { try $0.select(matchers, mint: mint, maxt: maxt) }
    }

    public func append(_ samples: [RuleSample]) {
        store.withLock { store in
            for sample in samples { store.append(sample.labels, timestamp: sample.timestamp, value: sample.value) }
        }
    }
}
