/// The one table of what each HTTP endpoint requires. An endpoint missing here is refused
/// (deny by default); `docs/PERMISSIONS.md` is generated from it (`permissionsMarkdown()`).
public struct EndpointPermission: Sendable, Hashable {
    /// What a request needs.
    public enum Requirement: Sendable, Hashable {
        /// Anyone, unauthenticated (liveness and readiness probes).
        case `public`
        case permission(Permission)
    }

    /// Upper-case HTTP method: `GET`, `POST`, `PUT`, `DELETE`.
    public var method: String
    /// Slash-separated segments; a segment in braces (`{id}`) matches any one non-empty segment.
    public var pattern: String
    public var requirement: Requirement

    public init(_ method: String, _ pattern: String, _ requirement: Requirement) {
        self.method = method
        self.pattern = pattern
        self.requirement = requirement
    }

    init(_ method: String, _ pattern: String, _ permission: Permission) {
        self.init(method, pattern, .permission(permission))
    }

    /// Every endpoint of `docs/ARCHITECTURE.md` "HTTP surface", in the order documented.
    public static let table: [EndpointPermission] = [
        EndpointPermission("GET", "/api/v2/alerts", .alertsRead),
        EndpointPermission("POST", "/api/v2/alerts", .alertsWrite),
        EndpointPermission("GET", "/api/v2/alerts/groups", .alertsRead),
        EndpointPermission("GET", "/api/v2/silences", .silencesRead),
        EndpointPermission("POST", "/api/v2/silences", .silencesWrite),
        EndpointPermission("GET", "/api/v2/silence/{id}", .silencesRead),
        EndpointPermission("DELETE", "/api/v2/silence/{id}", .silencesWrite),
        EndpointPermission("GET", "/api/v2/status", .statusRead),
        EndpointPermission("GET", "/api/v2/receivers", .statusRead),
        EndpointPermission("GET", "/api/vigil/v1/notifications", .notificationsRead),
        EndpointPermission("GET", "/api/vigil/v1/kill-switch", .notificationsRead),
        EndpointPermission("PUT", "/api/vigil/v1/kill-switch", .notificationsKillSwitch),
        EndpointPermission("GET", "/api/vigil/v1/audit", .auditRead),
        EndpointPermission("GET", "/api/vigil/v1/audit/verify", .auditVerify),
        EndpointPermission("GET", "/api/v1/query", .metricsQuery),
        EndpointPermission("POST", "/api/v1/query", .metricsQuery),
        EndpointPermission("GET", "/api/v1/query_range", .metricsQuery),
        EndpointPermission("POST", "/api/v1/query_range", .metricsQuery),
        EndpointPermission("GET", "/api/v1/series", .metricsQuery),
        EndpointPermission("POST", "/api/v1/series", .metricsQuery),
        EndpointPermission("GET", "/api/v1/labels", .metricsQuery),
        EndpointPermission("POST", "/api/v1/labels", .metricsQuery),
        EndpointPermission("GET", "/api/v1/label/{name}/values", .metricsQuery),
        EndpointPermission("GET", "/api/v1/metadata", .metricsQuery),
        EndpointPermission("GET", "/api/v1/status/buildinfo", .metricsQuery),
        EndpointPermission("POST", "/api/v1/import/prometheus", .metricsWrite),
        EndpointPermission("GET", "/health", .public),
        EndpointPermission("GET", "/metrics", .metricsRead),
        EndpointPermission("POST", "/-/reload", .configReload),
        EndpointPermission("GET", "/-/healthy", .public),
        EndpointPermission("GET", "/-/ready", .public),
    ]

    /// Whether this row covers `method` and `path` (no query string; one trailing slash ignored).
    public func matches(method: String, path: String) -> Bool {
        guard method.uppercased() == self.method else { return false }
        let wanted = Self.segments(pattern)
        let given = Self.segments(path)
        guard wanted.count == given.count else { return false }
        for (w, g) in zip(wanted, given) {
            if w.hasPrefix("{"), w.hasSuffix("}") {
                if g.isEmpty || g == "." || g == ".." { return false }
            } else if w != g {
                return false
            }
        }
        return true
    }

    /// The requirement for a request, or nil when no row covers it (refuse it).
    public static func requirement(method: String, path: String) -> Requirement? {
        table.first { $0.matches(method: method, path: path) }?.requirement
    }

    private static func segments(_ path: Substring) -> [Substring] {
        var trimmed = path
        if trimmed.hasSuffix("/"), trimmed.count > 1 { trimmed = trimmed.dropLast() }
        return trimmed.split(separator: "/", omittingEmptySubsequences: false).map { $0 }
    }

    private static func segments(_ path: String) -> [Substring] { segments(path[...]) }
}
