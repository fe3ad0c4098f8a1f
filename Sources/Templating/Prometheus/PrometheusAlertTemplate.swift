/// Expands an alerting rule's label or annotation template as Prometheus's `AlertingRule` does:
/// `$labels`, `$externalLabels`, `$externalURL` and `$value` are declared in front of the text,
/// and dot is the struct `{Labels, ExternalLabels, ExternalURL, Value}`.
///
/// ```swift
/// let functions = FunctionTable.builtins.merging(.prometheus(context: context))
/// let text = PrometheusAlertTemplate.expand(
///     "{{ $labels.instance }} is at {{ $value | humanizePercentage }}", ruleName: "HighLoad",
///     labels: ["instance": "a:9100"], externalLabels: [:], externalURL: "http://prom", value: 0.93,
///     functions: functions)   // "a:9100 is at 93%"
/// ```
public enum PrometheusAlertTemplate {
    /// Prometheus's fixed declarations; they make error columns on line 1 shift by their length.
    public static let prelude =
        "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"

    static let dataType = TemplateType(name: "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }")

    /// The dot of an alert template.
    public static func data(
        labels: [String: String], externalLabels: [String: String], externalURL: String, value: Double
    ) -> TemplateValue {
        .object(TemplateObject(
            type: dataType,
            fields: [
                "Labels": .stringMap(labels), "ExternalLabels": .stringMap(externalLabels),
                "ExternalURL": .string(externalURL), "Value": .float(value),
            ],
            fieldOrder: ["Labels", "ExternalLabels", "ExternalURL", "Value"]))
    }

    /// The expanded text, or Prometheus's in-band failure text
    /// `<error expanding template: error parsing template __alert_NAME: template: …>`.
    public static func expand(
        _ text: String, ruleName: String, labels: [String: String], externalLabels: [String: String],
        externalURL: String, value: Double, functions: FunctionTable
    ) -> String {
        let name = "__alert_" + ruleName
        var set = TemplateSet(functions: functions)
        do {
            try set.parse(prelude + text, name: name)
        } catch {
            return "<error expanding template: error parsing template \(name): \(error.description)>"
        }
        let dot = data(labels: labels, externalLabels: externalLabels, externalURL: externalURL, value: value)
        do {
            return try set.execute(name, data: dot)
        } catch {
            return "<error expanding template: error executing template \(name): \(error.description)>"
        }
    }
}
