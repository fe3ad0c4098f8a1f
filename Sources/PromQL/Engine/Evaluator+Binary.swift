import Foundation
import VigilCore

/// Arithmetic and comparison on two floats: the value and whether a comparison holds.
@inline(__always) func applyBinary(_ op: BinaryOperator, _ l: Double, _ r: Double) -> (Double, Bool) {
    switch op {
    case .add: return (l + r, true)
    case .sub: return (l - r, true)
    case .mul: return (l * r, true)
    case .div: return (l / r, true)
    case .mod: return (l.truncatingRemainder(dividingBy: r), true)
    case .pow: return (Foundation.pow(l, r), true)
    case .atan2: return (Foundation.atan2(l, r), true)
    case .equal: return (l, l == r)
    case .notEqual: return (l, l != r)
    case .greater: return (l, l > r)
    case .less: return (l, l < r)
    case .greaterEqual: return (l, l >= r)
    case .lessEqual: return (l, l <= r)
    case .and, .or, .unless: preconditionFailure("BUG: set operator on floats")
    }
}

extension Evaluator {
    func evalBinary(_ binary: BinaryExpr, at t: Int64) throws -> Value {
        let lhs = try eval(binary.lhs, at: t)
        let rhs = try eval(binary.rhs, at: t)
        switch (lhs, rhs) {
        case (.scalar(let l), .scalar(let r)):
            let (value, keep) = applyBinary(binary.op, l, r)
            if binary.op.isComparison { return .scalar(keep ? 1 : 0) }
            return .scalar(value)
        case (.vector(let l), .scalar(let r)):
            let result = vectorScalar(binary, l, r, scalarOnLeft: false)
            if !options.delayedNameRemoval { try checkDuplicates(result) }
            return .vector(result)
        case (.scalar(let l), .vector(let r)):
            let result = vectorScalar(binary, r, l, scalarOnLeft: true)
            if !options.delayedNameRemoval { try checkDuplicates(result) }
            return .vector(result)
        case (.vector(let l), .vector(let r)):
            let matching = binary.matching ?? VectorMatching()
            let result: [Sample]
            switch binary.op {
            case .and: result = setAnd(l, r, matching)
            case .or: result = setOr(l, r, matching)
            case .unless: result = setUnless(l, r, matching)
            default: result = try vectorVector(binary, l, r, matching)
            }
            if !options.delayedNameRemoval { try checkDuplicates(result) }
            return .vector(result)
        default:
            preconditionFailure("BUG: binary operation on non-numeric values")
        }
    }

    private func vectorScalar(_ binary: BinaryExpr, _ vector: [Sample], _ scalar: Double, scalarOnLeft: Bool) -> [Sample] {
        var out: [Sample] = []
        out.reserveCapacity(vector.count)
        let dropsName = (!binary.op.isComparison || binary.returnBool) && !(binary.op == .atan2 && options.compatibility == .prometheus2)
        for var sample in vector {
            let (l, r) = scalarOnLeft ? (scalar, sample.value) : (sample.value, scalar)
            var (value, keep) = applyBinary(binary.op, l, r)
            if binary.op.isComparison {
                value = sample.value
                if binary.returnBool { value = keep ? 1 : 0 } else if !keep { continue }
            }
            sample.value = value
            if dropsName { dropName(&sample) }
            out.append(sample)
        }
        return out
    }

    /// What identifies a match group: the `on` labels, or all but the `ignoring` labels and the name.
    struct SignatureSpec {
        let on: Bool
        let names: Set<String>
        init(_ matching: VectorMatching) {
            on = matching.on
            var names = Set(matching.labels)
            if !on { names.insert(Label.metricName) }
            self.names = names
        }
        @inline(__always) func signature(_ metric: Labels) -> Labels {
            on ? metric.keeping(names) : metric.removing(names)
        }
    }

    private func vectorVector(_ binary: BinaryExpr, _ lhsIn: [Sample], _ rhsIn: [Sample], _ matching: VectorMatching) throws -> [Sample] {
        var lhs = lhsIn, rhs = rhsIn
        let swapped = matching.cardinality == .oneToMany
        if swapped { swap(&lhs, &rhs) }
        let spec = SignatureSpec(matching)
        let onLabels = Set(matching.labels)
        var oneSide: [Labels: Int] = Dictionary(minimumCapacity: rhs.count)
        for (i, sample) in rhs.enumerated() {
            let sig = spec.signature(sample.metric)
            if let previous = oneSide[sig] {
                let side = swapped ? "left" : "right"
                throw EvalError("found duplicate series for the match group \(sig) on the \(side) hand-side of the operation: [\(rhs[previous].metric), \(sample.metric)];many-to-many matching not allowed: matching labels must be unique on one side")
            }
            oneSide[sig] = i
        }
        let dropsName = (!binary.op.isComparison || binary.returnBool) && !(binary.op == .atan2 && options.compatibility == .prometheus2)
        var matchedSigs = Set<Labels>(minimumCapacity: matching.cardinality == .oneToOne ? lhs.count : 0)
        var inserted = Set<Labels>(minimumCapacity: matching.cardinality == .oneToOne ? 0 : lhs.count)
        var usedOneSide = Set<Labels>(minimumCapacity: matching.fillLeft == nil ? 0 : rhs.count)
        var out: [Sample] = []
        out.reserveCapacity(lhs.count)
        for ls in lhs {
            let sig = spec.signature(ls.metric)
            let rs: Sample
            if let ri = oneSide[sig] {
                rs = rhs[ri]
                if matching.fillLeft != nil { usedOneSide.insert(sig) }
            } else if let fill = matching.fillRight {
                rs = Sample(metric: .empty, value: fill, timestamp: ls.timestamp)
            } else {
                continue
            }
            let (fl, fr) = swapped ? (rs.value, ls.value) : (ls.value, rs.value)
            var (value, keep) = applyBinary(binary.op, fl, fr)
            if matching.cardinality == .oneToOne, options.compatibility == .prometheus3, !matchedSigs.insert(sig).inserted {
                throw EvalError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
            }
            if binary.op.isComparison {
                if binary.returnBool { value = keep ? 1 : 0 } else if !keep { continue }
            }
            var metric = ls.metric
            var drop = ls.dropName
            if dropsName {
                if options.delayedNameRemoval { drop = true } else { metric = metric.droppingName() }
            }
            if matching.cardinality == .oneToOne {
                if matching.on {
                    metric = metric.keeping(onLabels)
                } else if !onLabels.isEmpty {
                    metric = metric.removing(onLabels)
                }
            }
            for name in matching.include {
                metric = metric.setting(name, to: rs.metric.value(of: name))
            }
            if matching.cardinality == .oneToOne {
                if options.compatibility == .prometheus2, !matchedSigs.insert(sig).inserted {
                    throw EvalError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
                }
            } else if !inserted.insert(metric).inserted {
                throw EvalError("multiple matches for labels: grouping labels must ensure unique matches")
            }
            out.append(Sample(metric: metric, value: value, timestamp: ls.timestamp, dropName: drop))
        }
        if let fill = matching.fillLeft {
            // "One" side samples nothing matched: the many side is filled, labels are the match group.
            for rs in rhs {
                let sig = spec.signature(rs.metric)
                if usedOneSide.contains(sig) { continue }
                let (fl, fr) = swapped ? (rs.value, fill) : (fill, rs.value)
                var (value, keep) = applyBinary(binary.op, fl, fr)
                if binary.op.isComparison {
                    if binary.returnBool { value = keep ? 1 : 0 } else if !keep { continue }
                }
                out.append(Sample(metric: sig, value: value, timestamp: rs.timestamp))
            }
        }
        return out
    }

    private func setAnd(_ lhs: [Sample], _ rhs: [Sample], _ matching: VectorMatching) -> [Sample] {
        let spec = SignatureSpec(matching)
        let right = Set(rhs.map { spec.signature($0.metric) })
        return lhs.filter { right.contains(spec.signature($0.metric)) }
    }

    private func setOr(_ lhs: [Sample], _ rhs: [Sample], _ matching: VectorMatching) -> [Sample] {
        guard !lhs.isEmpty else { return rhs }
        guard !rhs.isEmpty else { return lhs }
        let spec = SignatureSpec(matching)
        let left = Set(lhs.map { spec.signature($0.metric) })
        return lhs + rhs.filter { !left.contains(spec.signature($0.metric)) }
    }

    private func setUnless(_ lhs: [Sample], _ rhs: [Sample], _ matching: VectorMatching) -> [Sample] {
        guard !rhs.isEmpty else { return lhs }
        let spec = SignatureSpec(matching)
        let right = Set(rhs.map { spec.signature($0.metric) })
        return lhs.filter { !right.contains(spec.signature($0.metric)) }
    }
}
