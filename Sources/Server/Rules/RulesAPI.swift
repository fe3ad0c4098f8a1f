import Alerting
import Foundation
import Hummingbird
import Rules
import PromQL
import Templating
import VigilCore

/// Prometheus's `GET /api/v1/rules` and `GET /api/v1/alerts`, in its JSON shapes, so Grafana's
/// alert list and other Prometheus clients read Vigil's rules unchanged.
struct RulesAPI: Sendable {
    let manager: RuleManager

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("api/v1/rules", use: rules)
        router.get("api/v1/alerts", use: alerts)
    }

    @Sendable func rules(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var kind: RuleDefinition.Kind?
        if let type = query["type"].map(String.init) {
            switch type.lowercased() {
            case "alert": kind = .alerting
            case "record": kind = .recording
            default: throw PrometheusResponse.badData("invalid parameter \"type\": not supported value \(quoteGoString(type))")
            }
        }
        let ruleNames = Set(query.getAll("rule_name[]").map { String($0) })
        let groupNames = Set(query.getAll("rule_group[]").map { String($0) })
        let files = Set(query.getAll("file[]").map { String($0) })
        var groups: [WireGroup] = []
        for group in await manager.groups() {
            if !groupNames.isEmpty && !groupNames.contains(group.definition.name) { continue }
            if !files.isEmpty && !files.contains(group.definition.file) { continue }
            let rules = group.rules.filter { rule in
                (kind == nil || rule.definition.kind == kind) && (ruleNames.isEmpty || ruleNames.contains(rule.definition.name))
            }
            if rules.isEmpty && (kind != nil || !ruleNames.isEmpty) { continue }
            groups.append(WireGroup(group, rules: rules))
        }
        return try PrometheusResponse.success(data: Self.json(["groups": groups]))
    }

    @Sendable func alerts(_ request: Request, context: VigilRequestContext) async throws -> Response {
        var alerts: [WireAlert] = []
        for group in await manager.groups() {
            for rule in group.rules where rule.definition.kind == .alerting {
                alerts += rule.activeAlerts.map(WireAlert.init)
            }
        }
        return try PrometheusResponse.success(data: Self.json(["alerts": alerts]))
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func time(_ milliseconds: Int64?) -> String {
        guard let milliseconds else { return "0001-01-01T00:00:00Z" }
        return GoTime.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}

/// A rule group as Prometheus's API shows it.
struct WireGroup: Encodable {
    var name: String
    var file: String
    var rules: [WireRule]
    var interval: Double
    var limit: Int
    var evaluationTime: Double
    var lastEvaluation: String

    init(_ group: RuleGroupState, rules: [RuleState]) {
        name = group.definition.name
        file = group.definition.file
        self.rules = rules.map(WireRule.init)
        interval = Double(group.interval) / 1000
        limit = group.definition.limit
        evaluationTime = group.evaluationDuration
        lastEvaluation = RulesAPI.time(group.lastEvaluation)
    }
}

/// An alerting or recording rule as Prometheus's API shows it.
struct WireRule: Encodable {
    var rule: RuleState

    enum CodingKeys: String, CodingKey {
        case state, name, query, duration, keepFiringFor, labels, annotations, alerts, health, lastError, evaluationTime
        case lastEvaluation, type
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let definition = rule.definition
        try c.encode(definition.name, forKey: .name)
        try c.encode(definition.expr.description, forKey: .query)
        try c.encode(definition.labels, forKey: .labels)
        try c.encode(rule.health.rawValue, forKey: .health)
        if let error = rule.lastError { try c.encode(error, forKey: .lastError) }
        try c.encode(rule.evaluationDuration, forKey: .evaluationTime)
        try c.encode(RulesAPI.time(rule.lastEvaluation), forKey: .lastEvaluation)
        switch definition.kind {
        case .alerting:
            try c.encode(rule.state.rawValue, forKey: .state)
            try c.encode(Double(definition.holdDuration) / 1000, forKey: .duration)
            try c.encode(Double(definition.keepFiringFor) / 1000, forKey: .keepFiringFor)
            try c.encode(definition.annotations, forKey: .annotations)
            try c.encode(rule.activeAlerts.map(WireAlert.init), forKey: .alerts)
            try c.encode("alerting", forKey: .type)
        case .recording:
            try c.encode("recording", forKey: .type)
        }
    }
}

/// An active alert as Prometheus's API shows it; the value in Go's `%e` shortest form.
struct WireAlert: Encodable {
    var labels: [String: String]
    var annotations: [String: String]
    var state: String
    var activeAt: String
    var keepFiringSince: String?
    var value: String

    init(_ alert: ActiveAlert) {
        labels = alert.labels.dictionary
        annotations = alert.annotations.dictionary
        state = alert.state.rawValue
        activeAt = RulesAPI.time(alert.activeAt)
        keepFiringSince = alert.keepFiringSince.map { RulesAPI.time($0) }
        value = GoFloat.shortest(alert.value, verb: "e")
    }
}
