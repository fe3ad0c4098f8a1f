public import VigilCore

extension TemplateValue {
    /// A label set as Prometheus hands it to templates: a `map[string]string` (missing names read
    /// as ""), ranged in name order.
    public static func labels(_ labels: Labels) -> TemplateValue {
        .stringMap(labels.dictionary)
    }
}
