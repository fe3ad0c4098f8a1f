import VigilCore

extension Evaluator {
    /// `namesIgnored`: the caller never looks at `__name__` (see `ignoresNames`), so a range
    /// function read series by series may leave it in place instead of copying every label set.
    func evalCall(_ call: Call, at t: Int64, namesIgnored: Bool = false) throws -> Value {
        if call.function.name == "info" { return try evalInfo(call, at: t) }
        let body = try implementation(of: call)
        if let value = try evalStreamingRangeCall(call, body: body, at: t, namesIgnored: namesIgnored) { return value }
        var args: [Value] = []
        args.reserveCapacity(call.args.count)
        var context = functionContext(for: call, args: [], at: t)
        for arg in call.args {
            var inner = arg
            while case .paren(let e) = inner { inner = e }
            switch inner {
            case .matrixSelector(let selector, let range):
                context.rangeEnd = resolve(selector.at, default: t) - selector.offset
                context.rangeStart = context.rangeEnd - range
                context.anchored = selector.anchored
                context.smoothed = selector.smoothed
                let name = call.function.name
                if selector.smoothed, !["delta", "increase", "rate"].contains(name) {
                    throw EvalError("smoothed modifier can only be used with: delta, increase, rate - not with \(name)")
                }
                if selector.anchored, !["changes", "delta", "increase", "rate", "resets"].contains(name) {
                    throw EvalError("anchored modifier can only be used with: changes, delta, increase, rate, resets - not with \(name)")
                }
            case .subquery(let subquery):
                context.rangeEnd = resolve(subquery.at, default: t) - subquery.offset
                context.rangeStart = context.rangeEnd - subquery.range
            default:
                break
            }
            args.append(try eval(arg, at: t))
        }
        return try apply(call, body: body, context: &context, args: args)
    }

    /// Runs `call` at `t` over arguments already evaluated, none of them a range vector.
    func applyCall(_ call: Call, args: [Value], at t: Int64) throws -> Value {
        var context = functionContext(for: call, args: [], at: t)
        return try apply(call, body: try implementation(of: call), context: &context, args: args)
    }

    func implementation(of call: Call) throws(EvalError) -> FunctionImplementation {
        guard let body = FunctionImplementations.table[call.function.name] else {
            throw EvalError("function \(quoteGoString(call.function.name)) is not implemented")
        }
        return body
    }

    /// What a function sees at `t`: its arguments and the query's span and step.
    func functionContext(for call: Call, args: [Value], at t: Int64) -> FunctionContext {
        var context = FunctionContext(args: args, exprs: call.args, time: t, options: options)
        context.queryStart = start
        context.queryEnd = end
        context.queryStep = interval
        return context
    }

    private func apply(_ call: Call, body: FunctionImplementation, context: inout FunctionContext, args: [Value]) throws -> Value {
        if isRangeQuery, call.function.name.hasPrefix("sort") {
            warn("sort is ineffective for range queries since results are always ordered by labels")
        }
        context.args = args
        let result = try body(&context)
        annotations.formUnion(context.annotations)
        // Prometheus checks label functions' output right away, also with delayed name removal.
        let labelFunction = call.function.name == "label_replace" || call.function.name == "label_join"
        if labelFunction || (!options.delayedNameRemoval && !args.allSatisfy(\.sharesOneName)), case .vector(let samples) = result {
            try checkDuplicates(samples)
        }
        return result
    }

    /// The position in [0, 1) of a series for `limit_ratio`, from its label hash.
    func ratioSampleOffset(_ metric: Labels) -> Double {
        Double(labelsHash(metric)) / Double(UInt64.max)
    }
}
