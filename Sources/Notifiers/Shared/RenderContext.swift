import Alerting

/// Renders one notification's templated fields through the `TemplateRenderer`, turning a
/// template failure into a non-retryable `NotifyError` that names the field.
struct RenderContext: Sendable {
    let renderer: any TemplateRenderer
    let data: NotificationData
    let integration: IntegrationID

    /// `template` rendered against `data`; `field` is the config key, for the error message.
    func render(_ template: String, field: String) throws(NotifyError) -> String {
        do {
            return try renderer.render(template, data: data)
        } catch {
            throw NotifyError(retryable: false, message: "\(integration): failed to template \(field): \(error)")
        }
    }

    /// `template` rendered, or "" when there is none (an unset optional field).
    func render(optional template: String?, field: String) throws(NotifyError) -> String {
        guard let template else { return "" }
        return try render(template, field: field)
    }
}

/// `text` cut to at most `limit` Unicode scalars, ending in "…" when cut, as Alertmanager's
/// `TruncateInRunes` does; the flag says whether it was cut.
func truncateInRunes(_ text: String, _ limit: Int) -> (String, Bool) {
    let scalars = text.unicodeScalars
    guard scalars.count > limit else { return (text, false) }
    if limit <= 3 { return (String(String.UnicodeScalarView(scalars.prefix(limit))), true) }
    return (String(String.UnicodeScalarView(scalars.prefix(limit - 1))) + "…", true)
}
