import VigilCore

/// An output series of a vector operation: its labels and whether its name is still to drop.
private struct OutputKey: Hashable {
    var metric: Labels
    var dropName: Bool
}

extension StepEvaluator {
    /// Vector-vector operations over all steps: match signatures are computed once per series,
    /// matching itself happens per step (series come and go).
    func evalVectorBinary(_ binary: BinaryExpr) throws -> StepValue? {
        let matching = binary.matching ?? VectorMatching()
        guard matching.fillLeft == nil, matching.fillRight == nil else { return nil }
        guard case .vector(let lhsIn) = try eval(binary.lhs), case .vector(let rhsIn) = try eval(binary.rhs) else {
            preconditionFailure("BUG: vector operation on non-vectors")
        }
        let spec = Evaluator<Q>.SignatureSpec(matching)
        var sigIDs: [Labels: Int] = [:]
        var sigLabels: [Labels] = []
        func sigID(_ metric: Labels) -> Int {
            let sig = spec.signature(metric)
            if let id = sigIDs[sig] { return id }
            sigIDs[sig] = sigLabels.count
            sigLabels.append(sig)
            return sigLabels.count - 1
        }
        let lhsSigs = lhsIn.map { sigID($0.metric) }
        let rhsSigs = rhsIn.map { sigID($0.metric) }
        let result: [StepSeries]
        switch binary.op {
        case .and, .unless:
            var out: [StepSeries] = []
            let rightAt = presence(rhsIn, rhsSigs, sigCount: sigLabels.count)
            for (i, var series) in lhsIn.enumerated() {
                for k in steps.indices where series.present[k] {
                    if rightAt[lhsSigs[i]][k] != (binary.op == .and) { series.present[k] = false }
                }
                if !series.isEmpty { out.append(series) }
            }
            result = out
        case .or:
            var out = lhsIn
            let leftAt = presence(lhsIn, lhsSigs, sigCount: sigLabels.count)
            for (j, var series) in rhsIn.enumerated() {
                for k in steps.indices where series.present[k] && leftAt[rhsSigs[j]][k] { series.present[k] = false }
                if !series.isEmpty { out.append(series) }
            }
            result = out
        default:
            result = try arithmetic(binary, matching, spec, lhsIn, rhsIn, lhsSigs, rhsSigs, sigLabels)
        }
        if !options.delayedNameRemoval { try checkDuplicates(result) }
        return .vector(result)
    }

    /// For each signature, whether any series with it is present at each step.
    private func presence(_ series: [StepSeries], _ sigs: [Int], sigCount: Int) -> [[Bool]] {
        var at = Array(repeating: Array(repeating: false, count: steps.count), count: sigCount)
        for (i, s) in series.enumerated() {
            for k in steps.indices where s.present[k] { at[sigs[i]][k] = true }
        }
        return at
    }

    private func arithmetic(_ binary: BinaryExpr, _ matching: VectorMatching, _ spec: Evaluator<Q>.SignatureSpec,
                            _ lhsIn: [StepSeries], _ rhsIn: [StepSeries], _ lhsSigsIn: [Int], _ rhsSigsIn: [Int],
                            _ sigLabels: [Labels]) throws -> [StepSeries] {
        let swapped = matching.cardinality == .oneToMany
        let (many, one) = swapped ? (rhsIn, lhsIn) : (lhsIn, rhsIn)
        let (manySigs, oneSigs) = swapped ? (rhsSigsIn, lhsSigsIn) : (lhsSigsIn, rhsSigsIn)
        let dropsName = (!binary.op.isComparison || binary.returnBool) && !(binary.op == .atan2 && options.compatibility == .prometheus2)
        let onLabels = Set(matching.labels)
        var outputs: [StepSeries] = []
        var pairIndex: [Int: Int] = [:]   // many * one.count + one -> output
        var metricIndex: [OutputKey: Int] = [:]
        var oneAt = Array(repeating: -1, count: sigLabels.count)
        var matchedAt = Array(repeating: false, count: sigLabels.count)
        for k in steps.indices {
            for sig in oneSigs { oneAt[sig] = -1 }
            for sig in manySigs { matchedAt[sig] = false }
            for (j, series) in one.enumerated() where series.present[k] {
                let sig = oneSigs[j]
                if oneAt[sig] >= 0 {
                    let side = swapped ? "left" : "right"
                    throw EvalError("found duplicate series for the match group \(sigLabels[sig]) on the \(side) hand-side of the operation: [\(one[oneAt[sig]].metric), \(series.metric)];many-to-many matching not allowed: matching labels must be unique on one side")
                }
                oneAt[sig] = j
            }
            for (i, ls) in many.enumerated() where ls.present[k] {
                let sig = manySigs[i]
                let j = oneAt[sig]
                guard j >= 0 else { continue }
                let rs = one[j]
                let (fl, fr) = swapped ? (rs.values[k], ls.values[k]) : (ls.values[k], rs.values[k])
                var (value, keep) = applyBinary(binary.op, fl, fr)
                if matching.cardinality == .oneToOne, options.compatibility == .prometheus3 {
                    if matchedAt[sig] { throw EvalError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)") }
                    matchedAt[sig] = true
                }
                if binary.op.isComparison {
                    if binary.returnBool { value = keep ? 1 : 0 } else if !keep { continue }
                }
                if matching.cardinality == .oneToOne, options.compatibility == .prometheus2 {
                    if matchedAt[sig] { throw EvalError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)") }
                    matchedAt[sig] = true
                }
                let pair = i * one.count + j
                let slot: Int
                if let existing = pairIndex[pair] {
                    slot = existing
                } else {
                    var metric = ls.metric
                    var drop = ls.dropName
                    if dropsName {
                        if options.delayedNameRemoval { drop = true } else { metric = metric.droppingName() }
                    }
                    if matching.cardinality == .oneToOne {
                        if matching.on { metric = metric.keeping(onLabels) } else if !onLabels.isEmpty { metric = metric.removing(onLabels) }
                    }
                    for name in matching.include { metric = metric.setting(name, to: rs.metric.value(of: name)) }
                    // Pairs giving the same labels (and name flag) share one output series.
                    let key = OutputKey(metric: metric, dropName: drop)
                    if let shared = metricIndex[key] {
                        slot = shared
                    } else {
                        slot = outputs.count
                        metricIndex[key] = slot
                        outputs.append(StepSeries(metric: metric, dropName: drop, steps: steps.count))
                    }
                    pairIndex[pair] = slot
                }
                if outputs[slot].present[k] {
                    if matching.cardinality == .oneToOne { throw EvalError("vector cannot contain metrics with the same labelset") }
                    throw EvalError("multiple matches for labels: grouping labels must ensure unique matches")
                }
                outputs[slot].values[k] = value
                outputs[slot].present[k] = true
            }
        }
        return outputs.filter { !$0.isEmpty }
    }
}
