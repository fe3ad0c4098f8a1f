import Foundation
import PromQL
import Templating
import VigilCore

/// A rule group and its rules' state: evaluates the rules in order at one timestamp, writing
/// each rule's output before the next rule runs, so a recording rule's result is visible to
/// the rules after it in the same evaluation.
public struct RuleGroupState: Sendable {
    public let definition: RuleGroupDefinition
    /// Milliseconds between evaluations.
    public let interval: Int64
    public internal(set) var rules: [RuleState]
    /// Milliseconds since the epoch of the last evaluation.
    public internal(set) var lastEvaluation: Int64?
    /// Seconds the last evaluation took.
    public internal(set) var evaluationDuration = 0.0
    /// Evaluations that were due but skipped because the previous one ran late.
    public internal(set) var missedIterations = 0
    /// Whether `for` state is read back from `ALERTS_FOR_STATE` at the next evaluation.
    var needsRestore = true
    /// Series each rule wrote last time, to mark the ones it stopped writing as stale.
    private var previousSeries: [Set<Labels>]

    public init(_ definition: RuleGroupDefinition, defaultInterval: Int64) {
        self.definition = definition
        interval = definition.interval?.milliseconds ?? defaultInterval
        rules = definition.rules.map(RuleState.init)
        previousSeries = Array(repeating: [], count: definition.rules.count)
    }

    /// Identity of a group across reloads: file and name.
    public var key: String { definition.file + ";" + definition.name }

    /// Evaluates every rule at `ts` (milliseconds) and returns the alerts to send now.
    public mutating func evaluate(at ts: Int64, storage: some RuleStorage, environment: RuleEnvironment) -> [RuleAlert] {
        let groupStart = DispatchTime.now().uptimeNanoseconds
        let evalTime = ts - (definition.queryOffset?.milliseconds ?? 0)
        let restore = needsRestore ? ForStateRestore(
            storage: storage, now: evalTime, outageTolerance: environment.outageTolerance,
            gracePeriod: environment.forGracePeriod) : nil
        needsRestore = false
        var functions: FunctionTable?
        let makeFunctions = { () -> FunctionTable in
            if let functions { return functions }
            let table = environment.templateFunctions(at: evalTime, storage: storage)
            functions = table
            return table
        }
        var toSend: [RuleAlert] = []
        for index in rules.indices {
            let start = DispatchTime.now().uptimeNanoseconds
            defer {
                rules[index].lastEvaluation = ts
                rules[index].evaluationDuration = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }
            let output: [RuleSample]
            do {
                let (result, _) = try environment.engine.instantQuery(rules[index].definition.expr, at: evalTime, storage: storage)
                output = try rules[index].apply(result, at: evalTime, limit: definition.limit, functions: makeFunctions,
                                                environment: environment, restore: restore)
            } catch {
                rules[index].health = .err
                rules[index].lastError = "\(error)"
                continue
            }
            if rules[index].definition.kind == .alerting {
                toSend += rules[index].alertsToSend(at: ts, interval: interval, environment: environment)
            }
            var batch = output
            let written = Set(output.map(\.labels))
            for labels in previousSeries[index] where !written.contains(labels) {
                batch.append(RuleSample(labels: labels, timestamp: evalTime, value: StaleMarker.value))
            }
            previousSeries[index] = written
            do {
                if !batch.isEmpty { try storage.append(batch) }
                rules[index].health = .ok
                rules[index].lastError = nil
            } catch {
                rules[index].health = .err
                rules[index].lastError = "writing results: \(error)"
            }
        }
        lastEvaluation = ts
        evaluationDuration = Double(DispatchTime.now().uptimeNanoseconds - groupStart) / 1e9
        return toSend
    }

    /// Stale markers for every series the group wrote last, for when the group goes away.
    public func staleMarkers(at ts: Int64) -> [RuleSample] {
        previousSeries.flatMap { $0.map { RuleSample(labels: $0, timestamp: ts, value: StaleMarker.value) } }
    }

    /// Prometheus's evaluation slot: groups are spread over their interval by a hash of
    /// name and file, so that many groups do not all evaluate at the same instant. Returns the
    /// latest slot at or before `time` (milliseconds).
    public func evaluationTimestamp(atOrBefore time: Int64) -> Int64 {
        let offset = Int64(truncatingIfNeeded: groupHash % UInt64(interval * 1_000_000)) / 1_000_000
        let adjusted = time - offset
        return adjusted - ((adjusted % interval) + interval) % interval + offset
    }

    /// Prometheus's `labels.FromStrings("name", name, "file", file).Hash()`.
    private var groupHash: UInt64 {
        var bytes: [UInt8] = []
        for (name, value) in [("file", definition.file), ("name", definition.name)] {
            bytes += Array(name.utf8); bytes.append(0xff)
            bytes += Array(value.utf8); bytes.append(0xff)
        }
        return XXHash64.hash(bytes)
    }

    /// Carries alert state over from the same rules of a group before a reload (matched by
    /// kind, name, query, labels and annotations, as Prometheus does).
    public mutating func copyState(from old: RuleGroupState) {
        var byIdentity: [String: [Int]] = [:]
        for (index, rule) in old.rules.enumerated() { byIdentity[Self.identity(rule.definition), default: []].append(index) }
        for index in rules.indices {
            let id = Self.identity(rules[index].definition)
            guard var candidates = byIdentity[id], !candidates.isEmpty else { continue }
            let source = candidates.removeFirst()
            byIdentity[id] = candidates
            rules[index].alerts = old.rules[source].alerts
            rules[index].health = old.rules[source].health
            rules[index].lastError = old.rules[source].lastError
            rules[index].lastEvaluation = old.rules[source].lastEvaluation
            rules[index].evaluationDuration = old.rules[source].evaluationDuration
            previousSeries[index] = old.previousSeries[source]
        }
        lastEvaluation = old.lastEvaluation
        evaluationDuration = old.evaluationDuration
        needsRestore = false
    }

    private static func identity(_ rule: RuleDefinition) -> String {
        "\(rule.kind)|\(rule.name)|\(rule.query)|\(rule.labels.sorted { $0.key < $1.key })|\(rule.annotations.sorted { $0.key < $1.key })|\(rule.holdDuration)"
    }
}
