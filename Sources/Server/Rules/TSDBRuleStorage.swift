import Rules
import TSDB
import VigilCore

/// The embedded store as the rules engine's storage: reads through `select`, writes each
/// rule's output as one committed batch.
struct TSDBRuleStorage: RuleStorage {
    let db: TimeSeriesDB

    func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [SeriesSamples] {
        try db.select(matchers, mint: mint, maxt: maxt)
    }

    func forEachSeries(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64, _ body: (SeriesSamples) throws -> Void) throws {
        try db.forEachSeries(matchers, mint: mint, maxt: maxt, body)
    }

    func mapSeries<T: Sendable>(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64,
                                _ transform: @Sendable (SeriesSamples) -> T) throws -> [(labels: Labels, result: T)] {
        try db.mapSeries(matchers, mint: mint, maxt: maxt, transform)
    }

    func append(_ samples: [RuleSample]) throws {
        var appender = db.appender()
        for sample in samples { appender.append(sample.labels, timestamp: sample.timestamp, value: sample.value) }
        try appender.commit()
    }
}
