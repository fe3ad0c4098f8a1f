import Alerting

/// A stand-in for the Go-template renderer: returns each template verbatim, or the text
/// `overrides` gives for it, so tests see exactly which template each field went through.
struct LiteralRenderer: TemplateRenderer {
    var overrides: [String: String] = [:]

    func render(_ template: String, data: NotificationData) throws -> String {
        if template == FailingTemplate.marker { throw FailingTemplate() }
        return overrides[template] ?? template
    }
}

/// The error `LiteralRenderer` throws for `FailingTemplate.marker`.
struct FailingTemplate: Error, CustomStringConvertible {
    static let marker = "{{ fail }}"
    var description: String { "template: :1: function \"fail\" not defined" }
}
