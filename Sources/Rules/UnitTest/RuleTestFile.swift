import Foundation
import VigilConfig
import VigilCore

/// promtool's rule unit-test file (`promtool test rules`), decoded strictly as promtool does.
struct RuleTestFile: Decodable {
    var ruleFiles: [String]
    var evaluationInterval: PromDuration?
    var groupEvalOrder: [String]
    var tests: [RuleTestGroup]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ruleFiles = "rule_files", evaluationInterval = "evaluation_interval", groupEvalOrder = "group_eval_order", tests
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "main.unitTestFile")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ruleFiles = try c.decode([String].self, forKey: .ruleFiles, default: [])
        evaluationInterval = try c.decodeIfPresent(PromDuration.self, forKey: .evaluationInterval)
        groupEvalOrder = try c.decode([String].self, forKey: .groupEvalOrder, default: [])
        tests = try c.decode([RuleTestGroup].self, forKey: .tests, default: [])
    }
}

/// One entry of `tests`: input series and the expectations over them.
struct RuleTestGroup: Decodable {
    var interval: PromDuration?
    var inputSeries: [InputSeries]
    var alertRuleTests: [AlertTestCase]
    var promqlExprTests: [ExprTestCase]
    var externalLabels: [String: String]
    var externalURL: String
    var name: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case interval, inputSeries = "input_series", alertRuleTests = "alert_rule_test", promqlExprTests = "promql_expr_test"
        case externalLabels = "external_labels", externalURL = "external_url", name
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "main.testGroup")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        interval = try c.decodeIfPresent(PromDuration.self, forKey: .interval)
        inputSeries = try c.decode([InputSeries].self, forKey: .inputSeries, default: [])
        alertRuleTests = try c.decode([AlertTestCase].self, forKey: .alertRuleTests, default: [])
        promqlExprTests = try c.decode([ExprTestCase].self, forKey: .promqlExprTests, default: [])
        externalLabels = try c.decode([String: String].self, forKey: .externalLabels, default: [:])
        externalURL = try c.decode(String.self, forKey: .externalURL, default: "")
        name = try c.decode(String.self, forKey: .name, default: "")
    }

    /// The latest `eval_time` of any expectation: the evaluation loop runs up to it.
    var maxEvalTime: Int64 {
        max(alertRuleTests.map(\.evalTime.milliseconds).max() ?? 0, promqlExprTests.map(\.evalTime.milliseconds).max() ?? 0)
    }
}

struct InputSeries: Decodable {
    var series: String
    var values: String

    enum CodingKeys: String, CodingKey, CaseIterable { case series, values }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "main.series")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        series = try c.decode(String.self, forKey: .series, default: "")
        values = try c.decode(String.self, forKey: .values, default: "")
    }
}

struct AlertTestCase: Decodable {
    var evalTime: PromDuration
    var alertname: String
    var expAlerts: [ExpectedAlert]

    enum CodingKeys: String, CodingKey, CaseIterable { case evalTime = "eval_time", alertname, expAlerts = "exp_alerts" }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "main.alertTestCase")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        evalTime = try c.decode(PromDuration.self, forKey: .evalTime, default: .zero)
        alertname = try c.decode(String.self, forKey: .alertname, default: "")
        expAlerts = try c.decode([ExpectedAlert].self, forKey: .expAlerts, default: [])
    }
}

struct ExpectedAlert: Decodable {
    var expLabels: [String: String]
    var expAnnotations: [String: String]

    enum CodingKeys: String, CodingKey, CaseIterable { case expLabels = "exp_labels", expAnnotations = "exp_annotations" }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "main.alert")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        expLabels = try c.decode([String: String].self, forKey: .expLabels, default: [:])
        expAnnotations = try c.decode([String: String].self, forKey: .expAnnotations, default: [:])
    }
}

struct ExprTestCase: Decodable {
    var expr: String
    var evalTime: PromDuration
    var expSamples: [ExpectedSample]

    enum CodingKeys: String, CodingKey, CaseIterable { case expr, evalTime = "eval_time", expSamples = "exp_samples" }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "main.promqlTestCase")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        expr = try c.decode(String.self, forKey: .expr, default: "")
        evalTime = try c.decode(PromDuration.self, forKey: .evalTime, default: .zero)
        expSamples = try c.decode([ExpectedSample].self, forKey: .expSamples, default: [])
    }
}

struct ExpectedSample: Decodable {
    var labels: String
    var value: Double

    enum CodingKeys: String, CodingKey, CaseIterable { case labels, value }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "main.sample")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        labels = try c.decode(String.self, forKey: .labels, default: "")
        value = try c.decode(Double.self, forKey: .value, default: 0)
    }
}
