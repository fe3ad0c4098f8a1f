/// A named thing a caller may be allowed to do. Roles are sets of these; every HTTP endpoint
/// requires one (see `EndpointPermission`). Raw values are the names used in config and docs.
public enum Permission: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case alertsRead = "alerts.read"
    case alertsWrite = "alerts.write"
    case silencesRead = "silences.read"
    case silencesWrite = "silences.write"
    case statusRead = "status.read"
    case metricsRead = "metrics.read"
    case metricsQuery = "metrics.query"
    case metricsWrite = "metrics.write"
    case incidentsRead = "incidents.read"
    case incidentsAcknowledge = "incidents.acknowledge"
    case incidentsAnnotate = "incidents.annotate"
    case incidentsManage = "incidents.manage"
    case reportsRead = "reports.read"
    case reportsGenerate = "reports.generate"
    case notificationsRead = "notifications.read"
    case notificationsKillSwitch = "notifications.killSwitch"
    case auditRead = "audit.read"
    case auditVerify = "audit.verify"
    case auditExport = "audit.export"
    case approvalsRequest = "approvals.request"
    case approvalsDecide = "approvals.decide"
    case configReload = "config.reload"
    case usersManage = "users.manage"
    case tokensManage = "tokens.manage"

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What holding it allows, for `docs/PERMISSIONS.md`.
    public var summary: String {
        switch self {
        case .alertsRead: "list alerts and alert groups"
        case .alertsWrite: "post alerts (what Prometheus does)"
        case .silencesRead: "list and read silences"
        case .silencesWrite: "create, update and expire silences"
        case .statusRead: "read status and receivers (secrets are masked)"
        case .metricsRead: "scrape Vigil's own metrics"
        case .metricsQuery: "run PromQL queries and read series and label metadata (Prometheus API)"
        case .metricsWrite: "push samples into the metrics store"
        case .incidentsRead: "read incidents"
        case .incidentsAcknowledge: "acknowledge incidents"
        case .incidentsAnnotate: "add notes to incidents"
        case .incidentsManage: "open incidents, move their status, escalate, resolve, set the root cause, complete follow-ups"
        case .reportsRead: "read reports"
        case .reportsGenerate: "generate reports"
        case .notificationsRead: "read the notification attempt log and the kill switch state"
        case .notificationsKillSwitch: "mute or unmute all notifications (the kill switch)"
        case .auditRead: "query the audit ledger"
        case .auditVerify: "verify the audit ledger and exported bundles"
        case .auditExport: "export audit bundles"
        case .approvalsRequest: "request a change that needs approval"
        case .approvalsDecide: "approve or deny requested changes"
        case .configReload: "reload the configuration"
        case .usersManage: "create, change and disable users"
        case .tokensManage: "create and revoke API tokens of any user"
        }
    }
}
