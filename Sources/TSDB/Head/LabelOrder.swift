import Synchronization
import VigilCore

/// Every head series' position in label-set order, computed for all series at once now and
/// then, so that a query sorts the series it picked by comparing integers instead of label sets
/// (Prometheus compares label sets on every query; at 10k series that sort was an eighth of an
/// instant query's CPU).
///
/// Ranks are only ever installed for a whole snapshot, so any two ranks compare as their label
/// sets do. A series created after the snapshot has none: a query that picks one sorts by labels
/// and asks for a new ranking, which runs outside the head's lock.
struct LabelOrder {
    /// References of the ranked series, ascending, and their ranks (same indices).
    private var refs: [UInt32] = []
    private var ranks: [Int32] = []
    /// Whether a ranking is being computed (only one at a time).
    private var isRanking = false
    /// When the last ranking was installed; rankings are at least `interval` apart, so a head
    /// with constant series churn re-ranks on a budget, not on every query.
    private var lastInstalled: ContinuousClock.Instant?
    static let interval: Duration = .seconds(10)

    /// The rank of `ref`, nil when it was created after the last ranking.
    func rank(_ ref: UInt32) -> Int32? {
        var low = 0, high = refs.count
        while low < high {
            let mid = (low + high) >> 1
            if refs[mid] < ref { low = mid + 1 } else { high = mid }
        }
        return low < refs.count && refs[low] == ref ? ranks[low] : nil
    }

    /// Claims the next ranking when none is running and the last is old enough.
    mutating func claimRanking(now: ContinuousClock.Instant) -> Bool {
        guard !isRanking, lastInstalled.map({ now - $0 >= Self.interval }) ?? true else { return false }
        isRanking = true
        return true
    }

    /// Installs ranks for `ordered` (references in label-set order), ending the claimed ranking.
    mutating func install(_ ordered: [UInt32], now: ContinuousClock.Instant) {
        var pairs = ordered.enumerated().map { (ref: $0.element, rank: Int32($0.offset)) }
        pairs.sort { $0.ref < $1.ref }
        refs = pairs.map(\.ref)
        ranks = pairs.map(\.rank)
        isRanking = false
        lastInstalled = now
    }
}

extension Head {
    /// Ranks every series now in the head by label set (see `LabelOrder`); the sort runs without
    /// the lock. The caller must have claimed the ranking.
    func rankSeries() {
        let snapshot: [(ref: UInt32, labels: Labels)] = state.withLock { state in state.refs.map { ($0.value, $0.key) } }
        let ordered = snapshot.sorted { Labels.precedes($0.labels, $1.labels) }.map(\.ref)
        state.withLock { $0.labelOrder.install(ordered, now: .now) }
    }
}
