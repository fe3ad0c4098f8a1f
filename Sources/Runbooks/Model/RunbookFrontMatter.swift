import VigilCore

/// The block between the `---` lines at the top of a runbook file.
///
/// ```yaml
/// ---
/// alerts: [UnsignedArtifactInProduction]
/// severity: critical
/// owner: security-team
/// title: Unsigned artifact in production   # optional
/// ---
/// ```
public struct RunbookFrontMatter: Sendable, Hashable {
    /// Alert names (`alertname` label values) this runbook serves; may be empty for a procedure
    /// no alert triggers (seed 002's SEV scenarios).
    public var alerts: [String]
    /// The severity name as the on-call config spells it (`critical`, `SEV0`).
    public var severity: String
    /// Who keeps the runbook current: a team or a person.
    public var owner: String
    /// Shown as the page title; when absent the first `# ` heading, then the file stem.
    public var title: String?
    /// Where each entry of ``alerts`` was written, in the same order, for error messages.
    public var alertPositions: [SourcePosition]

    public init(alerts: [String], severity: String, owner: String, title: String? = nil, alertPositions: [SourcePosition] = []) {
        self.alerts = alerts
        self.severity = severity
        self.owner = owner
        self.title = title
        self.alertPositions = alertPositions
    }
}
