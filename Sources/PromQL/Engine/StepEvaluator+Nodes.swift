import VigilCore

extension StepEvaluator {
    // MARK: Function calls

    /// Range-vector functions over a plain matrix selector and element-wise math functions,
    /// with literal scalar arguments; nil when the call needs the step-by-step path.
    func evalCall(_ call: Call) throws -> StepValue? {
        let name = call.function.name
        var templateArgs: [Value] = []
        var matrixIndex: Int?
        for (i, arg) in call.args.enumerated() {
            var inner = arg
            while case .paren(let e) = inner { inner = e }
            switch inner {
            case .number(let v): templateArgs.append(.scalar(v))
            case .matrixSelector(let s, _) where !s.anchored && !s.smoothed && matrixIndex == nil:
                matrixIndex = i
                templateArgs.append(.matrix([]))
            case .subquery(let q) where matrixIndex == nil && subqueryGrid(q) != nil:
                matrixIndex = i
                templateArgs.append(.matrix([]))
            default:
                if i == 0, call.args[0].type == .vector, MathFunctions.table[name] != nil {
                    templateArgs.append(.vector([]))
                    continue
                }
                return nil
            }
        }
        if let matrixIndex, let body = RangeFunctions.table[name] {
            return try evalRangeCall(call, body: body, args: templateArgs, matrixIndex: matrixIndex)
        }
        if matrixIndex == nil, name != "pi", let body = MathFunctions.table[name], call.args.first?.type == .vector {
            return try evalMathCall(call, body: body, args: templateArgs)
        }
        return nil
    }

    func evalRangeCall(_ call: Call, body: FunctionImplementation, args: [Value], matrixIndex: Int) throws -> StepValue {
        var inner = call.args[matrixIndex]
        while case .paren(let e) = inner { inner = e }
        let selector: VectorSelector, range: Int64, stored: [SeriesSamples]
        var subquery: Subquery?
        var subqueryDropNames: [Bool] = []
        switch inner {
        case .matrixSelector(let s, let r):
            (selector, range) = (s, r)
            stored = try base.series(for: s).map(Self.withoutStaleMarkers)
        case .subquery(let q):
            // The window end and range follow the subquery; its points come from one evaluation.
            selector = VectorSelector(name: nil, matchers: [], offset: q.offset, at: q.at)
            range = q.range
            (stored, subqueryDropNames) = try subqueryPoints(q)
            subquery = q
        default:
            preconditionFailure("BUG: not a matrix selector or subquery")
        }
        var out = stored.map { StepSeries(metric: $0.labels, dropName: false, steps: steps.count) }
        if subquery != nil { for i in out.indices { out[i].dropName = subqueryDropNames[i] } }
        var hadWindow = Array(repeating: false, count: stored.count)
        let capture = KernelCapture()
        if subquery == nil, let rates = RateWindows(call.function.name, selector: selector, stored: stored, options: options) {
            // Series by series (not step by step): each series' window slides forward once.
            let ends = steps.map { base.resolve(selector.at, default: $0) - selector.offset }
            for i in stored.indices {
                hadWindow[i] = rates.fill(&out[i], series: i, ends: ends, range: range, leftClosed: options.leftClosed)
            }
        } else {
            for (k, t) in steps.enumerated() {
                var context = base.functionContext(for: call, args: args, at: t)
                context.rangeEnd = base.resolve(selector.at, default: t) - selector.offset
                context.rangeStart = context.rangeEnd - range
                context.kernelCapture = capture
                _ = try body(&context)
                base.annotations.formUnion(context.annotations)
                guard let kernel = capture.body else { preconditionFailure("BUG: \(call.function.name) has no per-series kernel") }
                for (i, s) in stored.enumerated() {
                    let found = subquery.map { subqueryWindow(s, $0, end: context.rangeEnd) } ?? window(s, end: context.rangeEnd, range: range)
                    guard let series = found else { continue }
                    hadWindow[i] = true
                    if let value = kernel(series) {
                        out[i].values[k] = value
                        out[i].present[k] = true
                    }
                }
            }
        }
        if RangeFunctions.countersOnly.contains(call.function.name) {
            var context = base.functionContext(for: call, args: args, at: base.start)
            context.args[matrixIndex] = .matrix(stored.indices.filter { hadWindow[$0] }.map {
                RangeSeries(metric: stored[$0].labels, timestamps: [], values: [])
            })
            RangeFunctions.nonCounterInfo(&context)
            base.annotations.formUnion(context.annotations)
        }
        var result: [StepSeries] = []
        for var series in out where !series.isEmpty {
            if !capture.keepName { dropName(&series) }
            result.append(series)
        }
        if !options.delayedNameRemoval { try checkDuplicates(result) }
        return .vector(result)
    }

    func evalMathCall(_ call: Call, body: FunctionImplementation, args: [Value]) throws -> StepValue {
        guard case .vector(let input) = try eval(call.args[0]) else { preconditionFailure("BUG: math over a non-vector") }
        var out = input
        for (k, t) in steps.enumerated() {
            var positions: [Int] = []
            var samples: [Sample] = []
            for (i, s) in input.enumerated() where s.present[k] {
                positions.append(i)
                samples.append(Sample(metric: s.metric, value: s.values[k], timestamp: t, dropName: s.dropName))
            }
            var context = base.functionContext(for: call, args: args, at: t)
            context.args[0] = .vector(samples)
            guard case .vector(let result) = try body(&context) else { preconditionFailure("BUG: math gave a non-vector") }
            base.annotations.formUnion(context.annotations)
            if result.count == samples.count {
                for (j, i) in positions.enumerated() { out[i].values[k] = result[j].value }
            } else {
                for i in positions { out[i].present[k] = false }
            }
        }
        var result: [StepSeries] = []
        for var series in out where !series.isEmpty {
            dropName(&series)
            result.append(series)
        }
        if !options.delayedNameRemoval { try checkDuplicates(result) }
        return .vector(result)
    }

    // MARK: Aggregations

    static var simpleAggregators: Set<Aggregator> { [.sum, .avg, .min, .max, .count, .group, .stddev, .stdvar] }

    /// Aggregations without a parameter whose groups cannot keep `__name__`.
    func evalAggregation(_ aggregation: Aggregation) throws -> StepValue? {
        guard Self.simpleAggregators.contains(aggregation.op), aggregation.param == nil,
              aggregation.without || !aggregation.grouping.contains(Label.metricName) else { return nil }
        guard case .vector(let input) = try eval(aggregation.expr) else { preconditionFailure("BUG: aggregation over a non-vector") }
        let groupingSet = Set(aggregation.grouping)
        var removeSet = groupingSet
        removeSet.insert(Label.metricName)
        var keys: [Labels] = []
        var index: [Labels: Int] = [:]
        var membership: [Int] = []
        membership.reserveCapacity(input.count)
        for s in input {
            let key = aggregation.without ? s.metric.removing(removeSet) : s.metric.keeping(groupingSet)
            if let existing = index[key] {
                membership.append(existing)
            } else {
                index[key] = keys.count
                membership.append(keys.count)
                keys.append(key)
            }
        }
        // Series by series: each (group, step) still folds its series in input order.
        let n = steps.count
        var state = [AggregationAccumulator](repeating: AggregationAccumulator(), count: keys.count * n)
        var seen = [Bool](repeating: false, count: keys.count * n)
        for (i, s) in input.enumerated() {
            let offset = membership[i] * n
            for k in 0..<n where s.present[k] {
                state[offset + k].add(s.values[k], aggregation.op)
                seen[offset + k] = true
            }
        }
        var out = keys.map { StepSeries(metric: $0, dropName: false, steps: n) }
        for g in keys.indices {
            var values = [Double](repeating: 0, count: n)
            var present = [Bool](repeating: false, count: n)
            for k in 0..<n where seen[g * n + k] {
                values[k] = state[g * n + k].result(aggregation.op)
                present[k] = true
            }
            out[g].values = values
            out[g].present = present
        }
        return .vector(out.filter { !$0.isEmpty })
    }

    // MARK: Binary operations with a scalar side

    func evalScalarBinary(_ binary: BinaryExpr) throws -> StepValue {
        let lhs = try eval(binary.lhs), rhs = try eval(binary.rhs)
        switch (lhs, rhs) {
        case (.scalar(let l), .scalar(let r)):
            return .scalar(steps.indices.map { k in
                let (value, keep) = applyBinary(binary.op, l[k], r[k])
                return binary.op.isComparison ? (keep ? 1 : 0) : value
            })
        case (.vector(let v), .scalar(let s)):
            let result = vectorScalar(binary, v, s, scalarOnLeft: false)
            if !options.delayedNameRemoval { try checkDuplicates(result) }
            return .vector(result)
        case (.scalar(let s), .vector(let v)):
            let result = vectorScalar(binary, v, s, scalarOnLeft: true)
            if !options.delayedNameRemoval { try checkDuplicates(result) }
            return .vector(result)
        default:
            preconditionFailure("BUG: vector-vector operation on the scalar path")
        }
    }

    private func vectorScalar(_ binary: BinaryExpr, _ input: [StepSeries], _ scalar: [Double], scalarOnLeft: Bool) -> [StepSeries] {
        let dropsName = (!binary.op.isComparison || binary.returnBool) && !(binary.op == .atan2 && options.compatibility == .prometheus2)
        var out: [StepSeries] = []
        for var series in input {
            for k in steps.indices where series.present[k] {
                let x = series.values[k]
                let (l, r) = scalarOnLeft ? (scalar[k], x) : (x, scalar[k])
                var (value, keep) = applyBinary(binary.op, l, r)
                if binary.op.isComparison {
                    value = x
                    if binary.returnBool { value = keep ? 1 : 0 } else if !keep { series.present[k] = false; continue }
                }
                series.values[k] = value
            }
            if series.isEmpty { continue }
            if dropsName { dropName(&series) }
            out.append(series)
        }
        return out
    }
}
