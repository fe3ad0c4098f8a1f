import Foundation
import Testing
@testable import Templating

/// Alert templates expanded by Vigil against Prometheus 2.42's own expansion (`promtool test rules`).
struct PrometheusGoldenTests {
    struct QueryFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The series promtool loaded, as the Rules target's query callback would return them.
    static let context = PrometheusTemplateContext(externalURL: URL(string: "http://prom.example:9090/prefix")) { query in
        let other: [PrometheusSample] = [
            PrometheusSample(labels: ["__name__": "other_metric", "pod": "b"], value: 2048),
            PrometheusSample(labels: ["__name__": "other_metric", "pod": "a"], value: 0.5),
            PrometheusSample(labels: ["__name__": "other_metric", "pod": "c"], value: 1_500_000),
        ]
        switch query {
        case "test_metric", "test_metric{instance='a:9100'}":
            return [PrometheusSample(labels: ["__name__": "test_metric", "instance": "a:9100", "job": "x"], value: 0.25)]
        case "other_metric": return other
        case "sort_desc(other_metric)": return other.sorted { $0.value > $1.value }
        case "bad((": throw QueryFailure(description: "1:6: parse error: unclosed left parenthesis")
        default: return []
        }
    }

    static func expand(_ text: String) -> String {
        PrometheusAlertTemplate.expand(
            text, ruleName: "A", labels: ["__name__": "test_metric", "instance": "a:9100", "job": "x"],
            externalLabels: ["region": "eu"], externalURL: "http://prom.example:9090/prefix", value: 0.25,
            functions: FunctionTable.builtins.merging(.prometheus(context: context)))
    }

    @Test("expands like Prometheus 2.42", arguments: prometheusGoldenCases)
    func expandsLikePrometheus(_ golden: GoldenCase) {
        #expect(Self.expand(golden.template) == golden.output)
    }

    @Test("reports parse errors like Prometheus 2.42", arguments: [
        ("{{ 1 }", #"template: __alert_A:1: unexpected "}" in operand"#),
        ("{{ tmpl }}", #"template: __alert_A:1: function "tmpl" not defined"#),
    ])
    func parseErrors(text: String, message: String) {
        #expect(Self.expand(text) == "<error expanding template: error parsing template __alert_A: \(message)>")
    }
}
