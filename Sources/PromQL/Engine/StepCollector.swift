import VigilCore

/// Gathers the vectors a node gives at each step into series over all steps.
///
/// Slots are keyed by labels and name flag; a vector may (mid-query) hold the same labels
/// twice, so a label set can own several slots.
struct StepCollector {
    private let steps: Int
    private var index: [Labels: [Int]] = [:]
    private var dropIndex: [Labels: [Int]] = [:]
    private(set) var series: [StepSeries] = []

    init(steps: Int) { self.steps = steps }

    /// Records `samples`, the node's vector at step `k`.
    mutating func add(_ samples: [Sample], at k: Int) {
        for sample in samples {
            let candidates = (sample.dropName ? dropIndex[sample.metric] : index[sample.metric]) ?? []
            let slot: Int
            if let free = candidates.first(where: { !series[$0].present[k] }) {
                slot = free
            } else {
                slot = series.count
                series.append(StepSeries(metric: sample.metric, dropName: sample.dropName, steps: steps))
                if sample.dropName {
                    dropIndex[sample.metric, default: []].append(slot)
                } else {
                    index[sample.metric, default: []].append(slot)
                }
            }
            series[slot].values[k] = sample.value
            series[slot].present[k] = true
        }
    }
}
