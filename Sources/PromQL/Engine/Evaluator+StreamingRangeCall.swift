import VigilCore

extension Evaluator {
    /// `rate(m[5m])`, `max_over_time(m[1h])` and the other functions that reduce each series of a
    /// plain matrix selector to one value, at one instant: series by series as the store hands
    /// them out (`mapSeries`), without holding every series' samples or building the matrix.
    /// The answer, annotations and errors are those of selecting the matrix and applying the
    /// function to it; nil when `call` is not such a call. With `namesIgnored` the samples keep
    /// `__name__` (their consumer does not see it).
    func evalStreamingRangeCall(_ call: Call, body: FunctionImplementation, at t: Int64, namesIgnored: Bool = false) throws -> Value? {
        guard streamsRangeCalls, call.args.count == 1 else { return nil }
        var inner = call.args[0]
        while case .paren(let e) = inner { inner = e }
        guard case .matrixSelector(let selector, let range) = inner, !selector.anchored, !selector.smoothed else { return nil }
        var context = functionContext(for: call, args: [.matrix([])], at: t)
        context.rangeEnd = resolve(selector.at, default: t) - selector.offset
        context.rangeStart = context.rangeEnd - range
        let capture = KernelCapture()
        context.kernelCapture = capture
        _ = try body(&context)
        guard let kernel = capture.body else { return nil }
        annotations.formUnion(context.annotations)

        let checksCounters = RangeFunctions.countersOnly.contains(call.function.name)
        // Dropping the name can make two label sets equal only when the series had different names.
        let tracksNames = !capture.keepName && !options.delayedNameRemoval
        let oneName = selector.matchers.first { $0.name == Label.metricName && $0.type == .equal }?.value
        var firstName: String??, severalNames = false, checkedName: String?, anyWindow = false
        var out: [Sample] = []
        let mint = options.leftClosed ? context.rangeStart : context.rangeStart + 1
        let reduce = SeriesReduction(kernel: kernel)
        let reduced = try storage.mapSeries(selector.matchers, mint: mint, maxt: context.rangeEnd) { reduce($0) }
        out.reserveCapacity(reduced.count)
        for (labels, result) in reduced {
            try spend(result.samples)
            guard result.inWindow else { continue }
            anyWindow = true
            if oneName == nil, checksCounters || tracksNames {
                let name = labels[Label.metricName]
                if checksCounters, let name, name != checkedName {
                    checkedName = name
                    if let info = RangeFunctions.nonCounterInfo(name: name) { self.info(info) }
                }
                if let firstName { severalNames = severalNames || firstName != name } else { firstName = name }
            }
            guard let value = result.value else { continue }
            out.append(capture.keepName || namesIgnored ? Sample(metric: labels, value: value, timestamp: t)
                                                        : context.droppingName(labels, value: value))
        }
        if checksCounters, anyWindow, let oneName, let info = RangeFunctions.nonCounterInfo(name: oneName) {
            self.info(info)
        }
        if tracksNames, severalNames {
            try checkDuplicates(namesIgnored ? out.map { Sample(metric: $0.metric.droppingName(), value: $0.value, timestamp: t) } : out)
        }
        return .vector(out)
    }
}

/// A range function's per-series kernel over one stored series, stale markers left out; the
/// kernels are pure functions of the series, so the store may run them on several threads.
struct SeriesReduction: @unchecked Sendable {
    let kernel: (RangeSeries) -> Double?

    /// Samples read (against the query's limit), whether any was not a stale marker, and the value.
    func callAsFunction(_ stored: SeriesSamples) -> (samples: Int, inWindow: Bool, value: Double?) {
        guard let window = RangeSeries(metric: stored.labels, live: stored.timestamps, stored.values) else {
            return (stored.count, false, nil)
        }
        return (stored.count, true, kernel(window))
    }
}
