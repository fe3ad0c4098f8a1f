import VigilCore

/// A head series as a commit resolved it: the head's reference and the head's own copy of its
/// labels. Appending by `SeriesRef` skips the label-set lookup for as long as the series stays
/// in the head (Prometheus's scrape cache keeps `storage.SeriesRef`s for the same reason); once
/// it has left (head truncation), or when the reference belongs to another database, the labels
/// are looked up as for `append(_:timestamp:value:)`, so a stale reference never stores a sample
/// in the wrong series.
public struct SeriesRef: Sendable, Hashable {
    /// The head's reference; references are never reused while a database is open.
    let id: UInt32
    /// The series' labels, sharing storage with the head's copy (comparing them with the head's
    /// is then a pointer comparison).
    public let labels: Labels
}
