import Foundation
import Templating
import VigilCore

/// The label and annotation templates of one alerting rule, parsed once at load and executed
/// at every evaluation as Prometheus's `AlertingRule` expands them (`$labels`, `$value`,
/// `$externalLabels`, `$externalURL` declared in front; dot is `{Labels, ExternalLabels,
/// ExternalURL, Value}`).
struct AlertTemplates: Sendable {
    /// Function names templates are checked against; the real table (with `query` bound to the
    /// evaluation time) replaces it at execution.
    static let checkingFunctions = FunctionTable.builtins.merging(.prometheus(context: PrometheusTemplateContext()))

    private let name: String
    /// Whether any label or annotation of the rule is a template (else alerts skip the template data).
    let hasTemplates: Bool
    /// Parsed templates by their text; texts without actions are not parsed (they expand to themselves).
    private let parsed: [String: TemplateSet]

    init(rule: RuleDefinition) {
        name = "__alert_" + rule.name
        var parsed: [String: TemplateSet] = [:]
        for text in Array(rule.labels.values) + Array(rule.annotations.values) where text.contains("{{") && parsed[text] == nil {
            var set = TemplateSet(functions: Self.checkingFunctions)
            if (try? set.parse(PrometheusAlertTemplate.prelude + text, name: name)) != nil { parsed[text] = set }
        }
        self.parsed = parsed
        hasTemplates = rule.labels.values.contains { $0.contains("{{") } || rule.annotations.values.contains { $0.contains("{{") }
    }

    /// The parse error of `text` as an alert template, nil when it parses.
    static func parseProblem(_ text: String, ruleName: String) -> String? {
        guard text.contains("{{") else { return nil }
        var set = TemplateSet(functions: checkingFunctions)
        do {
            try set.parse(PrometheusAlertTemplate.prelude + text, name: "__alert_" + ruleName)
            return nil
        } catch {
            return error.description
        }
    }

    /// Expands `text` with `data`; an execution failure becomes Prometheus's in-band
    /// `<error expanding template: …>` text.
    func expand(_ text: String, data: TemplateValue, functions: FunctionTable) -> String {
        guard let set = parsed[text] else {
            if text.contains("{{") {
                return "<error expanding template: error parsing template \(name): template did not parse>"
            }
            return text
        }
        do {
            return try set.using(functions).execute(name, data: data)
        } catch {
            return "<error expanding template: error executing template \(name): \(error.description)>"
        }
    }
}
