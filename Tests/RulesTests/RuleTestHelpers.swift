import PromQL
@testable import Rules
import VigilCore

/// A group loaded from rule-file text, evaluated against an in-memory store.
struct Harness {
    var group: RuleGroupState
    let storage: MemoryRuleStorage
    var environment = RuleEnvironment(externalURL: "http://vigil.example:9797")
    var sent: [RuleAlert] = []

    init(_ yaml: String, storage: MemoryRuleStorage = MemoryRuleStorage(), interval: Int64 = 15_000) throws {
        let file = try RuleFile.parse(yaml, file: "rules.yml", compatibility: .prometheus3)
        group = RuleGroupState(file.groups[0], defaultInterval: interval)
        self.storage = storage
    }

    /// Evaluates at `seconds` and keeps what was sent.
    @discardableResult
    mutating func evaluate(at seconds: Int64) -> [RuleAlert] {
        let alerts = group.evaluate(at: seconds * 1000, storage: storage, environment: environment)
        sent += alerts
        return alerts
    }

    /// Appends `value` for `labels` at each of `seconds`.
    func write(_ labels: [String: String], _ points: [(Int64, Double)]) {
        storage.append(points.map { RuleSample(labels: Labels(labels), timestamp: $0.0 * 1000, value: $0.1) })
    }

    func alerts(_ rule: Int = 0) -> [ActiveAlert] { group.rules[rule].activeAlerts }

    /// Instant query over the store.
    func query(_ text: String, at seconds: Int64) throws -> [Sample] {
        let engine = Engine()
        let (result, _) = try engine.instantQuery(try engine.parse(text), at: seconds * 1000, storage: storage)
        guard case .vector(let samples) = result else { return [] }
        return samples
    }
}
