import VigilCore

/// `time`, `scalar`, `vector`, `timestamp`, `absent*`, `sort*`.
enum MiscFunctions {
    static let table: [String: FunctionImplementation] = [
        "time": { context in .scalar(Double(context.time) / 1000) },
        "step": { context in .scalar(Double(context.queryStep) / 1000) },
        "range": { context in .scalar(Double(context.queryEnd - context.queryStart) / 1000) },
        "start": { context in .scalar(Double(context.queryStart) / 1000) },
        "end": { context in .scalar(Double(context.queryEnd) / 1000) },
        "min_of": { context in .scalar(goMin(context.scalar(0), context.scalar(1))) },
        "max_of": { context in .scalar(goMax(context.scalar(0), context.scalar(1))) },
        "scalar": { context in
            let input = context.vector(0)
            return .scalar(input.count == 1 ? input[0].value : .nan)
        },
        "vector": { context in .vector([Sample(metric: .empty, value: context.scalar(0), timestamp: context.time)]) },
        "timestamp": { context in
            var inner = context.exprs[0]
            while case .paren(let e) = inner { inner = e }
            var isSelector = false
            if case .vectorSelector = inner { isSelector = true }
            var out: [Sample] = []
            for sample in context.vector(0) {
                let ts = isSelector ? sample.timestamp : context.time
                var s = context.droppingName(sample.metric, value: Double(ts) / 1000)
                s.dropName = s.dropName || sample.dropName
                out.append(s)
            }
            return .vector(out)
        },
        "absent": { context in
            guard context.vector(0).isEmpty else { return .vector([]) }
            return .vector([Sample(metric: absentLabels(context.exprs[0]), value: 1, timestamp: context.time)])
        },
        "absent_over_time": { context in
            guard context.matrix(0).isEmpty else { return .vector([]) }
            return .vector([Sample(metric: absentLabels(context.exprs[0]), value: 1, timestamp: context.time)])
        },
        "sort": { context in .vector(sortByValue(context.vector(0), descending: false)) },
        "sort_desc": { context in .vector(sortByValue(context.vector(0), descending: true)) },
        "sort_by_label": { context in .vector(sortByLabels(context, descending: false)) },
        "sort_by_label_desc": { context in .vector(sortByLabels(context, descending: true)) },
    ]

    /// The labels `absent` reports: the equality matchers of a plain selector argument.
    static func absentLabels(_ expr: Expr) -> Labels {
        var inner = expr
        while case .paren(let e) = inner { inner = e }
        let selector: VectorSelector
        switch inner {
        case .vectorSelector(let s): selector = s
        case .matrixSelector(let s, _): selector = s
        default: return .empty
        }
        var pairs: [String: String] = [:]
        var seen = Set<String>()
        for matcher in selector.matchers where matcher.name != Label.metricName {
            if matcher.type == .equal, seen.insert(matcher.name).inserted {
                pairs[matcher.name] = matcher.value
            } else {
                pairs[matcher.name] = nil
            }
        }
        return Labels(pairs)
    }

    static func sortByValue(_ samples: [Sample], descending: Bool) -> [Sample] {
        samples.enumerated().sorted { a, b in
            let x = a.element.value, y = b.element.value
            if x.isNaN != y.isNaN { return !x.isNaN }
            if x != y, !x.isNaN { return descending ? x > y : x < y }
            return a.offset < b.offset
        }.map(\.element)
    }

    static func sortByLabels(_ context: FunctionContext, descending: Bool) -> [Sample] {
        let names = (1..<context.args.count).map { context.string($0) }
        return context.vector(0).sorted { a, b in
            for name in names {
                let x = a.metric.value(of: name), y = b.metric.value(of: name)
                if x == y { continue }
                return naturalLess(x, y) != descending
            }
            let less = Labels.promLess(a.metric, b.metric)
            return descending ? Labels.promLess(b.metric, a.metric) : less
        }
    }

    /// Natural order: digit runs compare as numbers.
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var i = 0, j = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        while i < x.count, j < y.count {
            if isDigit(x[i]), isDigit(y[j]) {
                var ei = i, ej = j
                while ei < x.count, isDigit(x[ei]) { ei += 1 }
                while ej < y.count, isDigit(y[ej]) { ej += 1 }
                let nx = x[i..<ei].drop { $0 == 48 }, ny = y[j..<ej].drop { $0 == 48 }
                if nx.count != ny.count { return nx.count < ny.count }
                if !nx.elementsEqual(ny) { return nx.lexicographicallyPrecedes(ny) }
                i = ei
                j = ej
                continue
            }
            if x[i] != y[j] { return x[i] < y[j] }
            i += 1
            j += 1
        }
        return x.count - i < y.count - j
    }
}
