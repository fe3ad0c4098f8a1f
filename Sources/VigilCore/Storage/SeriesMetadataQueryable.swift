/// Label and series metadata for the Prometheus HTTP API (`/api/v1/labels`,
/// `/api/v1/label/<name>/values`, `/api/v1/series`), beside sample reads.
///
/// Times are milliseconds since the epoch, both ends inclusive; a store may include series
/// whose data only roughly overlaps the window (Prometheus answers at block granularity).
public protocol SeriesMetadataQueryable: SeriesQueryable {
    /// Label sets of the series matching every matcher, in label-set order, without duplicates.
    func series(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [Labels]

    /// Label names carried by the series matching `matchers` (every series when empty), sorted.
    func labelNames(matching matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [String]

    /// Values of label `name` among the series matching `matchers` (every series when empty),
    /// sorted, without the empty value.
    func labelValues(_ name: String, matching matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [String]
}
