import Foundation
import VigilCore

/// Neumaier-compensated addition: returns the new sum and compensation.
@inline(__always) func kahanSumInc(_ inc: Double, _ sum: Double, _ c: Double) -> (Double, Double) {
    let t = sum + inc
    if t.isInfinite { return (t, 0) }
    if abs(sum) >= abs(inc) { return (t, c + ((sum - t) + inc)) }
    return (t, c + ((inc - t) + sum))
}

/// Running state of one aggregation group.
struct AggregationGroup {
    var metric: Labels
    var dropName: Bool
    /// `sum`, `avg`, `min`, `max`, `count`, `group`, `stddev`, `stdvar`.
    var numbers = AggregationAccumulator()
    /// `quantile`.
    var values: [Double] = []
    /// `topk`, `bottomk`, `limitk`, `limit_ratio`.
    var samples: [Sample] = []
}

/// The numeric running state of the aggregators that fold values into one number, with
/// Prometheus's arithmetic (Kahan-compensated sums, incremental mean on overflow, Welford variance).
struct AggregationAccumulator {
    var count: Double = 0
    var value: Double = 0
    var compensation: Double = 0
    var mean: Double = 0
    var incrementalMean = false

    @inline(__always) mutating func add(_ v: Double, _ op: Aggregator) {
        switch op {
        case .sum:
            (value, compensation) = kahanSumInc(v, value, compensation)
        case .avg:
            count += 1
            if !incrementalMean {
                let (sum, c) = kahanSumInc(v, value, compensation)
                if !sum.isInfinite || count == 1 {
                    (value, compensation) = (sum, c)
                    return
                }
                incrementalMean = true
                mean = value / (count - 1)
                compensation /= count - 1
            }
            if mean.isInfinite {
                if v.isInfinite, (mean > 0) == (v > 0) { return }
                if !v.isInfinite, !v.isNaN { return }
            }
            let current = mean + compensation
            (mean, compensation) = kahanSumInc(v / count - current / count, mean, compensation)
        case .min:
            if count == 0 || value > v || value.isNaN { value = v }
            count += 1
        case .max:
            if count == 0 || value < v || value.isNaN { value = v }
            count += 1
        case .count, .countValues, .group:
            count += 1
        case .stddev, .stdvar:
            count += 1
            let delta = v - mean
            mean += delta / count
            value += delta * (v - mean)
        case .quantile, .topk, .bottomk, .limitk, .limitRatio:
            preconditionFailure("BUG: \(op) does not fold into one number")
        }
    }

    @inline(__always) func result(_ op: Aggregator) -> Double {
        switch op {
        case .sum: return value + compensation
        case .avg:
            if incrementalMean { return mean + compensation }
            return (value + compensation) / count
        case .min, .max: return value
        case .count, .countValues: return count
        case .group: return 1
        case .stdvar: return value / count
        case .stddev: return (value / count).squareRoot()
        case .quantile, .topk, .bottomk, .limitk, .limitRatio:
            preconditionFailure("BUG: \(op) does not fold into one number")
        }
    }
}

extension Evaluator {
    func evalAggregation(_ aggregation: Aggregation, at t: Int64) throws -> [Sample] {
        var param: Double = 0
        var label = ""
        if let paramExpr = aggregation.param {
            switch try eval(paramExpr, at: t) {
            case .scalar(let v): param = v
            case .string(let s): label = s
            default: preconditionFailure("BUG: aggregation parameter of a wrong type")
            }
        }
        var inner = aggregation.expr
        while case .paren(let e) = inner { inner = e }
        let value: Value
        if case .call(let call) = inner, Self.ignoresNames(aggregation) {
            value = try evalCall(call, at: t, namesIgnored: true)
        } else {
            value = try eval(aggregation.expr, at: t)
        }
        guard case .vector(let input) = value else { preconditionFailure("BUG: aggregation over a non-vector") }
        return try aggregate(aggregation, input, param: param, label: label, at: t)
    }

    /// Whether the aggregation's output never shows its input's `__name__`: its groups are made of
    /// other labels (`by` without `__name__`, or `without`, which always drops it) and it builds
    /// new label sets rather than passing input samples on (as `topk` does).
    static func ignoresNames(_ aggregation: Aggregation) -> Bool {
        switch aggregation.op {
        case .sum, .avg, .min, .max, .count, .group, .stddev, .stdvar, .quantile:
            return aggregation.without || !aggregation.grouping.contains(Label.metricName)
        case .topk, .bottomk, .limitk, .limitRatio, .countValues:
            return false
        }
    }

    /// Aggregates `input` at `t`; `param` is the evaluated scalar parameter, `label` the string one.
    func aggregate(_ aggregation: Aggregation, _ input: [Sample], param: Double, label: String, at t: Int64) throws -> [Sample] {
        let op = aggregation.op
        switch op {
        case .topk, .bottomk, .limitk:
            if param.isNaN { throw EvalError("Parameter value is NaN") }
        case .limitRatio:
            if param.isNaN { throw EvalError("Ratio value is NaN") }
        case .countValues:
            let valid = options.compatibility == .prometheus2 ? LabelFunctions.validDestination(label, options) : isValidLabelName(label)
            if !valid { throw EvalError("invalid label name \(quoteGoString(label))") }
        case .quantile:
            if param.isNaN || param < 0 || param > 1 { warn("quantile value should be between 0 and 1, got \(formatGoFloat(param))") }
        default: break
        }
        let grouping = aggregation.without ? LabelGrouping(without: aggregation.grouping) : LabelGrouping(by: aggregation.grouping)
        var groups: [AggregationGroup] = []
        var slots = GroupSlots(capacity: min(input.count, 1 << 16))
        var countValuesIndex: [Labels: Int] = [:]
        for sample in input {
            let slot: Int
            if op == .countValues {
                // The value is part of the group's identity: build the key.
                let key = grouping.key(sample.metric).setting(label, to: GoFloatFormat.format(sample.value, mode: "f"))
                if let existing = countValuesIndex[key] {
                    slot = existing
                    if sample.dropName, key[Label.metricName] != nil { groups[slot].dropName = true }
                } else {
                    slot = groups.count
                    countValuesIndex[key] = slot
                    groups.append(AggregationGroup(metric: key, dropName: key[Label.metricName] != nil && sample.dropName))
                }
            } else {
                let hash = grouping.hash(sample.metric)
                if let existing = slots.find(hash, { grouping.matches(sample.metric, key: groups[$0].metric) }) {
                    slot = existing
                    if sample.dropName, groups[slot].metric[Label.metricName] != nil { groups[slot].dropName = true }
                } else {
                    slot = slots.insert(hash)
                    let key = grouping.key(sample.metric)
                    groups.append(AggregationGroup(metric: key, dropName: key[Label.metricName] != nil && sample.dropName))
                }
            }
            accumulate(&groups[slot], sample, op)
        }
        var out: [Sample] = []
        for group in groups {
            switch op {
            case .topk, .bottomk:
                out.append(contentsOf: selectK(group.samples, k: param, top: op == .topk))
            case .limitk:
                let k = param >= Double(Int.max) ? Int.max : (param < 1 ? 0 : Int(param))
                out.append(contentsOf: group.samples.prefix(k))
            case .limitRatio:
                let ratio = min(1, max(-1, param))
                out.append(contentsOf: group.samples.filter { sample in
                    let offset = ratioSampleOffset(sample.metric)
                    return ratio >= 0 ? offset < ratio : offset >= 1 + ratio
                })
            default:
                out.append(Sample(metric: group.metric, value: finalValue(group, op, param), timestamp: t, dropName: group.dropName))
            }
        }
        if op == .limitRatio, param < -1 || param > 1 {
            warn("ratio value should be between -1 and 1, got \(formatGoFloat(param)), capping to \(param < 0 ? -1 : 1)")
        }
        return out
    }

    func accumulate(_ group: inout AggregationGroup, _ sample: Sample, _ op: Aggregator) {
        switch op {
        case .quantile: group.values.append(sample.value)
        case .topk, .bottomk, .limitk, .limitRatio: group.samples.append(sample)
        default: group.numbers.add(sample.value, op)
        }
    }

    func finalValue(_ group: AggregationGroup, _ op: Aggregator, _ param: Double) -> Double {
        op == .quantile ? quantile(param, group.values) : group.numbers.result(op)
    }

    private func selectK(_ samples: [Sample], k: Double, top: Bool) -> [Sample] {
        guard k >= 1 else { return [] }
        let count = k >= Double(samples.count) ? samples.count : Int(k)
        // NaN sorts as the smallest value for topk and as the largest for bottomk.
        let sorted = samples.enumerated().sorted { a, b in
            let x = a.element.value, y = b.element.value
            if x.isNaN != y.isNaN { return !x.isNaN }
            if x != y, !x.isNaN { return top ? x > y : x < y }
            return a.offset < b.offset
        }
        return sorted.prefix(count).map(\.element)
    }
}

/// Whether `name` is a valid label name (UTF-8 names are valid in Prometheus 3 when non-empty).
func isValidLabelName(_ name: String) -> Bool {
    guard !name.isEmpty else { return false }
    return name.unicodeScalars.allSatisfy { $0 != "\u{FFFD}" }
}

/// Prometheus's `quantile`: linear interpolation between the closest ranks.
func quantile(_ q: Double, _ values: [Double]) -> Double {
    if values.isEmpty || q.isNaN { return .nan }
    if q < 0 { return -.infinity }
    if q > 1 { return .infinity }
    let sorted = values.sorted { a, b in a < b || (a.isNaN && !b.isNaN) }
    let n = Double(sorted.count)
    let rank = q * (n - 1)
    let lower = max(0, Int(rank.rounded(.down)))
    let upper = min(sorted.count - 1, lower + 1)
    let weight = rank - rank.rounded(.down)
    return sorted[lower] * (1 - weight) + sorted[upper] * weight
}
