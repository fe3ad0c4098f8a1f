import Foundation
import VigilCore

/// Runs one `eval` block and compares the result with its expectations.
struct EvalCheck {
    enum Outcome { case pass, skip, fail(String) }

    var eval: EvalCommand
    var engine: Engine
    var store: MemorySeriesStore
    var compatibility: PromQLCompatibility

    static let histogramFunctions = ["histogram_count", "histogram_sum", "histogram_avg", "histogram_fraction",
                                     "histogram_stddev", "histogram_stdvar", "histogram_quantiles"]

    func usesNativeHistograms() -> Bool {
        if eval.expected.contains(where: { $0.text.contains("{{") }) { return true }
        return Self.histogramFunctions.contains { eval.query.contains($0 + "(") }
    }

    func run() -> Outcome {
        if usesNativeHistograms() { return .skip }
        let result: QueryResult
        let annotations: [Annotation]
        do {
            let expr = try engine.parse(eval.query)
            switch eval.timing {
            case .instant(let t):
                let at = eval.rangeVector?.end ?? t
                (result, annotations) = try engine.instantQuery(expr, at: at, storage: store)
            case .range(let start, let end, let step):
                (result, annotations) = try engine.rangeQuery(expr, start: start, end: end, step: step, storage: store)
            }
        } catch is NativeHistogramsUnsupported {
            return .skip
        } catch {
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
        if eval.expectFail { return .fail("expected an error, got none") }
        if let problem = checkAnnotations(annotations) { return .fail(problem) }
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
