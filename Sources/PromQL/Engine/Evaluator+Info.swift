import VigilCore

/// `info(v, {data label matchers})`: adds data labels of info series (default `target_info`)
/// that share `instance` and `job` with each series of `v` (Prometheus 3, experimental).
extension Evaluator {
    static var identifyingLabels: [String] { ["instance", "job"] }

    func evalInfo(_ call: Call, at t: Int64) throws -> Value {
        guard case .vector(let base) = try eval(call.args[0], at: t) else {
            preconditionFailure("BUG: info over a non-vector")
        }
        var nameMatchers: [LabelMatcher] = []
        var dataMatchers: [LabelMatcher] = []
        if call.args.count > 1 {
            var selectorExpr = call.args[1]
            while case .paren(let inner) = selectorExpr { selectorExpr = inner }
            guard case .vectorSelector(let selector) = selectorExpr else {
                throw EvalError("expected label selectors as the second argument to \"info\" function")
            }
            for matcher in selector.matchers {
                if matcher.name == Label.metricName { nameMatchers.append(matcher) } else { dataMatchers.append(matcher) }
            }
        }
        if nameMatchers.isEmpty { nameMatchers = [.equal(Label.metricName, "target_info")] }
        // Info series are read at the same instant as a plain selector argument.
        var infoTime = t
        var inner = call.args[0]
        while case .paren(let e) = inner { inner = e }
        if case .vectorSelector(let s) = inner { infoTime = resolve(s.at, default: t) - s.offset }
        let infoSelector = VectorSelector(name: nil, matchers: nameMatchers + dataMatchers)
        var infos = try selectVector(infoSelector, at: infoTime)
        if nameMatchers.allSatisfy(\.type.isNegative) {
            // Negated name matchers still only pick info metrics.
            infos = infos.filter { $0.metric.value(of: Label.metricName).hasSuffix("_info") }
        }
        // Latest info series per (name, identifying labels).
        var latest: [Labels: Sample] = [:]
        for info in infos {
            var key = info.metric.keeping(Set(Self.identifyingLabels))
            key = key.setting(Label.metricName, to: info.metric.value(of: Label.metricName))
            if let existing = latest[key], existing.timestamp >= info.timestamp { continue }
            latest[key] = info
        }
        var byIdentity: [Labels: [Sample]] = [:]
        for info in latest.values {
            byIdentity[info.metric.keeping(Set(Self.identifyingLabels)), default: []].append(info)
        }
        let requireMatch = dataMatchers.contains { !$0.matchesEmpty }
        let dataNames = Set(dataMatchers.map(\.name))
        var out: [Sample] = []
        for var sample in base {
            let baseName = sample.metric.value(of: Label.metricName)
            if baseName.hasSuffix("_info"), nameMatchers.matches(Labels([Label(Label.metricName, baseName)])) {
                out.append(sample)
                continue
            }
            let identity = sample.metric.keeping(Set(Self.identifyingLabels))
            let matches = (byIdentity[identity] ?? []).sorted { Labels.promLess($0.metric, $1.metric) }
            if matches.isEmpty {
                if !requireMatch { out.append(sample) }
                continue
            }
            var metric = sample.metric
            var added: [String: String] = [:]
            for info in matches {
                for pair in info.metric where pair.name != Label.metricName && !Self.identifyingLabels.contains(pair.name) {
                    if !dataNames.isEmpty, !dataNames.contains(pair.name) { continue }
                    if let previous = added[pair.name], previous != pair.value {
                        throw EvalError("conflicting label: \(pair.name) has values \(quoteGoString(previous)) and \(quoteGoString(pair.value)) in info metrics")
                    }
                    if sample.metric[pair.name] == nil {
                        added[pair.name] = pair.value
                        metric = metric.setting(pair.name, to: pair.value)
                    }
                }
            }
            sample.metric = metric
            out.append(sample)
        }
        return .vector(out)
    }
}
