/// A runbook filled in for one alert, in the forms people read it.
public struct RenderedRunbook: Sendable, Hashable {
    public var name: String
    public var title: String
    /// Markdown for notifications and the CLI: templates expanded, a `# title` first, each
    /// checked step marked `[x]` and each unchecked checkbox step `[ ]`.
    public var markdown: String
    /// The body as an HTML fragment; each step's `<li>` has a checkbox with `data-step` = its ID.
    public var html: String
    /// A complete HTML page: title, owner, severity and alerts, then ``html``.
    public var page: String
    /// The steps with their text and commands expanded, in document order; IDs as in the runbook.
    public var steps: [RunbookStep]
    /// Prometheus's in-band text for a template that failed, `<error expanding template: …>`;
    /// when set, the outputs show it first and then the runbook's text unexpanded.
    public var templateError: String?
}
