/// A named set of permissions. Four are built in; config may add more (`RoleConfig`).
public struct Role: Sendable, Hashable {
    public var name: String
    public var permissions: Set<Permission>
    public var description: String

    public init(name: String, permissions: Set<Permission>, description: String = "") {
        self.name = name
        self.permissions = permissions
        self.description = description
    }

    public func allows(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Reads alerts, incidents and reports and verifies audit bundles; never sees secrets,
    /// changes nothing (O1 in the operator runbook).
    public static let viewer = Role(name: "viewer", permissions: [
        .alertsRead, .silencesRead, .statusRead, .metricsRead, .incidentsRead, .reportsRead, .notificationsRead,
        .auditVerify,
    ], description: "reads alerts, incidents and reports; verifies audit bundles; changes nothing")

    /// The viewer's rights plus day-to-day work: query the ledger, generate reports, acknowledge,
    /// annotate, run incidents, silence, push samples, and request changes; cannot approve (O2).
    public static let `operator` = Role(name: "operator", permissions: viewer.permissions.union([
        .alertsWrite, .silencesWrite, .incidentsAcknowledge, .incidentsAnnotate, .incidentsManage, .reportsGenerate, .auditRead, .metricsQuery,
        .metricsWrite, .approvalsRequest,
    ]), description: "acknowledges, annotates, silences, pushes samples, generates reports, requests changes; cannot approve")

    /// The operator's rights plus deciding approvals (case resolutions, baseline updates,
    /// quarantine releases, reruns, policy changes) and the kill switch (O3).
    public static let approver = Role(name: "approver", permissions: `operator`.permissions.union([
        .approvalsDecide, .notificationsKillSwitch, .auditExport,
    ]), description: "decides approvals and holds the kill switch")

    /// Everything, including users, tokens and configuration.
    public static let admin = Role(name: "admin", permissions: Set(Permission.allCases),
                                   description: "manages users, tokens and configuration; holds every permission")

    /// The built-in roles, least to most privileged.
    public static let builtIn: [Role] = [.viewer, .operator, .approver, .admin]
}
