import VigilCore

/// Merges per-source series lists (each in label-set order) into one, as Prometheus's
/// `storage.NewMergeSeriesSet` does for blocks and head.
enum SeriesMerge {
    /// Groups of parts with equal labels, in label-set order; parts keep source order (older
    /// blocks first, head last).
    static func groups(_ sources: [[ChunkedSeries]]) -> [[ChunkedSeries]] {
        let live = sources.filter { !$0.isEmpty }
        if live.count == 1 { return live[0].map { [$0] } }
        var cursors = [Int](repeating: 0, count: live.count)
        var out: [[ChunkedSeries]] = []
        while true {
            var smallest: Labels?
            for (source, cursor) in cursors.enumerated() where cursor < live[source].count {
                let labels = live[source][cursor].labels
                if smallest.map({ Labels.precedes(labels, $0) }) ?? true { smallest = labels }
            }
            guard let smallest else { return out }
            var group: [ChunkedSeries] = []
            for source in live.indices where cursors[source] < live[source].count && live[source][cursors[source]].labels == smallest {
                group.append(live[source][cursors[source]])
                cursors[source] += 1
            }
            out.append(group)
        }
    }

    /// Both series' samples in time order; a timestamp present in both is taken from `a`.
    static func merge(_ a: SeriesSamples, _ b: SeriesSamples) -> SeriesSamples {
        if a.count == 0 { return b }
        if b.count == 0 { return a }
        if let lastA = a.timestamps.last, let firstB = b.timestamps.first, lastA < firstB {
            return SeriesSamples(labels: a.labels, timestamps: (Array(a.timestamps) + b.timestamps)[...],
                                 values: (Array(a.values) + b.values)[...])
        }
        var timestamps: [Int64] = [], values: [Double] = []
        timestamps.reserveCapacity(a.count + b.count)
        values.reserveCapacity(a.count + b.count)
        var i = a.timestamps.startIndex, j = b.timestamps.startIndex
        let av = a.values.startIndex - i, bv = b.values.startIndex - j
        while i < a.timestamps.endIndex || j < b.timestamps.endIndex {
            let takeA: Bool
            if i == a.timestamps.endIndex { takeA = false }
            else if j == b.timestamps.endIndex { takeA = true }
            else if a.timestamps[i] == b.timestamps[j] {
                j += 1  // duplicate: keep a's
                continue
            } else { takeA = a.timestamps[i] < b.timestamps[j] }
            if takeA {
                timestamps.append(a.timestamps[i])
                values.append(a.values[i + av])
                i += 1
            } else {
                timestamps.append(b.timestamps[j])
                values.append(b.values[j + bv])
                j += 1
            }
        }
        return SeriesSamples(labels: a.labels, timestamps: timestamps[...], values: values[...])
    }
}
