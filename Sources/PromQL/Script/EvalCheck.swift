import Foundation
import VigilCore

/// Runs one `eval` block and compares the result with its expectations.
struct EvalCheck {
    enum Outcome { case pass, skip(SkipReason), fail(String) }

    /// Why an eval was skipped: every reason is a native-histogram use.
    enum SkipReason: String, CaseIterable, Sendable {
        case expectsHistograms = "expects histogram values"
        case histogramFunction = "calls a native-histogram function"
        case readsHistograms = "reads native-histogram series"
    }

    var eval: EvalCommand
    var engine: Engine
    var store: MemorySeriesStore
    var compatibility: PromQLCompatibility
    /// Also run the upstream harness's `@` variants and range-mode checks for instant evals.
    var strict = true

    static let histogramFunctions = ["histogram_count", "histogram_sum", "histogram_avg", "histogram_fraction",
                                     "histogram_stddev", "histogram_stdvar", "histogram_quantiles"]

    func nativeHistogramUse() -> SkipReason? {
        if eval.expected.contains(where: { $0.text.contains("{{") }) { return .expectsHistograms }
        if Self.histogramFunctions.contains(where: { eval.query.contains($0 + "(") }) { return .histogramFunction }
        return nil
    }

    func run() -> Outcome {
        if let reason = nativeHistogramUse() { return .skip(reason) }
        let expr: Expr
        do {
            expr = try engine.parse(eval.query)
        } catch {
            return failureOutcome(error)
        }
        let first = runOnce(expr, timing: eval.timing, checkAnnotations: true)
        guard case .pass = first, case .instant(let t) = eval.timing, strict else { return first }
        // The upstream harness also runs instant evals with `@` pinned to the eval time, at
        // other evaluation times, and as a short range query; all must agree.
        if !expr.callsAny(Self.nonStepInvariant) {
            let pinned = expr.pinningAt(t)
            let times: [Int64] = t == 0 ? [-1000, 0, 1000] : [-10 * t, 0, t / 5, t, 10 * t]
            for time in times {
                let outcome = runOnce(pinned, timing: .instant(time), checkAnnotations: false)
                if case .fail(let message) = outcome { return .fail("with @ \(t) at \(time): \(message)") }
                if case .skip = outcome { return outcome }
            }
        }
        if eval.expectFail || eval.rangeVector != nil || eval.expectedString != nil || eval.ordered { return .pass }
        for name in ["start()", "end()", "range()", "step()"] where eval.query.contains(name) { return .pass }
        do {
            let (result, _) = try engine.rangeQuery(expr, start: t - 60_000, end: t + 60_000, step: 60_000, storage: store)
            guard case .matrix(let series) = result else { return .fail("range mode: expected a matrix") }
            for i in series.indices.dropFirst() where !Labels.promLess(series[i - 1].metric, series[i].metric) {
                return .fail("range mode: result is not sorted by labels")
            }
            var samples: [Sample] = []
            for s in series {
                if let index = s.timestamps.firstIndex(of: t) {
                    samples.append(Sample(metric: s.metric, value: s.values[index - s.timestamps.startIndex + s.values.startIndex], timestamp: t))
                }
            }
            if let scalar = eval.expectedScalar {
                guard samples.count == 1, samples[0].metric.isEmpty, almostEqual(samples[0].value, scalar) else {
                    return .fail("range mode: expected scalar \(formatGoFloat(scalar)), got \(samples.map { "\($0.metric) \(formatGoFloat($0.value))" })")
                }
                return .pass
            }
            let expected = try eval.expected.map { line, text in
                let d = try SeriesDescription.parse(text, compatibility: compatibility)
                return (line: line, labels: d.labels, items: d.items)
            }
            if let problem = compareVector(samples, expected) { return .fail("range mode: \(problem)") }
        } catch is NativeHistogramsUnsupported {
            return .skip(.readsHistograms)
        } catch {
            return .fail("range mode: unexpected error: \(error)")
        }
        return .pass
    }

    /// Functions whose value depends on the evaluation time itself (not step-invariant).
    static let nonStepInvariant: Set<String> = [
        "time", "timestamp", "predict_linear", "day_of_month", "day_of_week", "day_of_year", "days_in_month",
        "hour", "minute", "month", "year", "start", "end", "step", "range",
    ]

    func failureOutcome(_ error: any Error) -> Outcome {
        if error is NativeHistogramsUnsupported { return .skip(.readsHistograms) }
        let message = (error as? ParseError).map(\.description) ?? "\(error)"
        guard eval.expectFail else { return .fail("unexpected error: \(message)") }
        if let wanted = eval.failMessage, wanted != message {
            return .fail("expected error \(quoteGoString(wanted)), got \(quoteGoString(message))")
        }
        if let pattern = eval.failRegex, message.range(of: pattern, options: .regularExpression) == nil {
            return .fail("expected error matching \(quoteGoString(pattern)), got \(quoteGoString(message))")
        }
        return .pass
    }

    func runOnce(_ expr: Expr, timing: EvalCommand.Timing, checkAnnotations check: Bool) -> Outcome {
        let result: QueryResult
        let annotations: [Annotation]
        do {
            switch timing {
            case .instant(let t):
                let at = eval.rangeVector?.end ?? t
                (result, annotations) = try engine.instantQuery(expr, at: at, storage: store)
            case .range(let start, let end, let step):
                (result, annotations) = try engine.rangeQuery(expr, start: start, end: end, step: step, storage: store)
            }
        } catch {
            return failureOutcome(error)
        }
        if eval.expectFail { return .fail("expected an error, got none") }
        if check, let problem = checkAnnotations(annotations) { return .fail(problem) }
        do {
            if let problem = try compare(result) { return .fail(problem) }
        } catch {
            return .fail("bad expectation: \(error)")
        }
        return .pass
    }

    func checkAnnotations(_ annotations: [Annotation]) -> String? {
        if eval.legacyWarn, !annotations.contains(where: { $0.kind == .warning }) { return "expected a warning, got none" }
        if eval.legacyInfo, !annotations.contains(where: { $0.kind == .info }) { return "expected an info annotation, got none" }
        for kind in [Annotation.Kind.warning, .info] {
            let wanted = eval.annotations.filter { $0.kind == kind }
            guard !wanted.isEmpty else { continue }
            let got = annotations.filter { $0.kind == kind }.map(\.description)
            if wanted.contains(where: \.negated) {
                if !got.isEmpty { return "expected no \(kind) annotations, got \(got)" }
                continue
            }
            func matches(_ e: EvalCommand.AnnotationExpectation, _ text: String) -> Bool {
                if let message = e.message { return message == text }
                if let regex = e.regex { return text.range(of: regex, options: .regularExpression) != nil }
                return true
            }
            for e in wanted where !got.contains(where: { matches(e, $0) }) {
                return "expected \(kind) annotation \(e.message ?? e.regex ?? ""), got \(got)"
            }
            for text in got where !wanted.contains(where: { matches($0, text) }) {
                return "unexpected \(kind) annotation \(text)"
            }
        }
        return nil
    }

    func compare(_ result: QueryResult) throws -> String? {
        if let wanted = eval.expectedString {
            guard case .string(let got) = result else { return "expected string \(quoteGoString(wanted)), got \(describe(result))" }
            return got == wanted ? nil : "expected string \(quoteGoString(wanted)), got \(quoteGoString(got))"
        }
        if let scalar = eval.expectedScalar {
            switch result {
            case .scalar(let got):
                return almostEqual(got, scalar) ? nil : "expected scalar \(formatGoFloat(scalar)), got \(formatGoFloat(got))"
            case .matrix(let series) where isRange:
                guard series.count == 1, series[0].metric.isEmpty else { return "expected scalar, got \(describe(result))" }
                return comparePoints(series[0], Array(repeating: .value(scalar), count: 1), label: "{}")
            default:
                return "expected scalar \(formatGoFloat(scalar)), got \(describe(result))"
            }
        }
        var expected: [(line: Int, labels: Labels, items: [SeriesItem])] = []
        for (line, text) in eval.expected {
            let description = try SeriesDescription.parse(text, compatibility: compatibility)
            expected.append((line, description.labels, description.items))
        }
        switch result {
        case .vector(let samples):
            if isRange || eval.rangeVector != nil { return "expected range vector, got instant vector" }
            return compareVector(samples, expected)
        case .matrix(let series):
            return compareMatrix(series, expected)
        case .scalar, .string:
            return "expected \(expected.count) series, got \(describe(result))"
        }
    }

    var isRange: Bool {
        if case .range = eval.timing { return true }
        return false
    }

    func compareVector(_ samples: [Sample], _ expected: [(line: Int, labels: Labels, items: [SeriesItem])]) -> String? {
        if samples.count != expected.count {
            return "expected \(expected.count) samples, got \(samples.count): \(samples.map { "\($0.metric) \(formatGoFloat($0.value))" })"
        }
        var byLabels: [Labels: Int] = [:]
        for (i, e) in expected.enumerated() { byLabels[e.labels] = i }
        for (position, sample) in samples.enumerated() {
            guard let i = byLabels[sample.metric] else { return "unexpected sample \(sample.metric) \(formatGoFloat(sample.value))" }
            if eval.ordered, i != position { return "expected \(expected[position].labels) at position \(position + 1), got \(sample.metric)" }
            guard expected[i].items.count == 1, case .value(let want) = expected[i].items[0] else {
                return "expected line \(expected[i].line) must hold exactly one value"
            }
            if !almostEqual(sample.value, want) {
                return "expected \(formatGoFloat(want)) for \(sample.metric), got \(formatGoFloat(sample.value))"
            }
        }
        return nil
    }

    func compareMatrix(_ series: [RangeSeries], _ expected: [(line: Int, labels: Labels, items: [SeriesItem])]) -> String? {
        let start: Int64, step: Int64
        switch eval.timing {
        case .range(let s, _, let st): (start, step) = (s, st)
        case .instant:
            guard let range = eval.rangeVector else { return "unexpected range vector result" }
            (start, step) = (range.start, range.step)
        }
        if series.count != expected.count {
            return "expected \(expected.count) series, got \(series.count): \(series.map { "\($0.metric)" })"
        }
        for i in series.indices.dropFirst() where !Labels.promLess(series[i - 1].metric, series[i].metric) {
            return "range result is not sorted by labels"
        }
        var byLabels: [Labels: Int] = [:]
        for (i, e) in expected.enumerated() { byLabels[e.labels] = i }
        for s in series {
            guard let i = byLabels[s.metric] else { return "unexpected series \(s.metric)" }
            if let problem = comparePoints(s, expected[i].items, label: "\(s.metric)", start: start, step: step) { return problem }
        }
        return nil
    }

    func comparePoints(_ s: RangeSeries, _ items: [SeriesItem], label: String, start: Int64? = nil, step: Int64? = nil) -> String? {
        var wantT: [Int64] = [], wantV: [Double] = []
        let (first, interval): (Int64, Int64)
        if let start, let step { (first, interval) = (start, step) } else if case .range(let st, _, let sp) = eval.timing { (first, interval) = (st, sp) } else { (first, interval) = (0, 1) }
        for (k, item) in items.enumerated() {
            if case .value(let v) = item { wantT.append(first + Int64(k) * interval); wantV.append(v) }
        }
        let gotT = Array(s.timestamps), gotV = Array(s.values)
        if gotT.count != wantT.count {
            return "expected \(wantT.count) points for \(label), got \(gotT.count): \(zip(gotT, gotV).map { "\(formatGoFloat($1))@\($0)" })"
        }
        for i in gotT.indices {
            if gotT[i] != wantT[i] { return "expected point at \(wantT[i]) for \(label), got one at \(gotT[i])" }
            if !almostEqual(gotV[i], wantV[i]) {
                return "expected \(formatGoFloat(wantV[i])) at \(wantT[i]) for \(label), got \(formatGoFloat(gotV[i]))"
            }
        }
        return nil
    }

    func describe(_ result: QueryResult) -> String {
        switch result {
        case .scalar(let v): return "scalar \(formatGoFloat(v))"
        case .string(let s): return "string \(quoteGoString(s))"
        case .vector(let s): return "vector of \(s.count) samples"
        case .matrix(let s): return "matrix of \(s.count) series"
        }
    }

    /// Prometheus's `almost.Equal` with ε = 1e-6 (staleness markers only equal each other in 3.x).
    func almostEqual(_ a: Double, _ b: Double) -> Bool {
        if compatibility == .prometheus3, StaleMarker.isStale(a) || StaleMarker.isStale(b) {
            return StaleMarker.isStale(a) && StaleMarker.isStale(b)
        }
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let minNormal = 2.2250738585072014e-308
        let diff = abs(a - b)
        if a == 0 || b == 0 || abs(a) + abs(b) < minNormal { return diff < 1e-6 * minNormal }
        return diff / min(abs(a) + abs(b), Double.greatestFiniteMagnitude) < 1e-6
    }
}
