/// The one table of what each HTTP endpoint requires. An endpoint missing here is refused
/// (deny by default); `docs/PERMISSIONS.md` is generated from it (`PermissionsDocument`).
public struct EndpointPermission: Sendable, Hashable {
    /// What a request needs.
    public enum Requirement: Sendable, Hashable {
        /// Anyone, unauthenticated (liveness and readiness probes).
        case `public`
        case permission(Permission)
    }

    /// Which API an endpoint belongs to. Only the Alertmanager- and Prometheus-compatible
    /// surfaces may be opened to callers without credentials (`auth.compat` in the config),
    /// so Prometheus, amtool and Grafana keep working unchanged.
    public enum Surface: String, Sendable, Hashable, CaseIterable {
        case alertmanager, prometheus, vigil, operations

        /// Whether unauthenticated callers may be let in by `auth.compat`.
        public var isCompatible: Bool { self == .alertmanager || self == .prometheus }
    }

    /// Upper-case HTTP method: `GET`, `POST`, `PUT`, `DELETE`.
    public var method: String
    /// Slash-separated segments; a segment in braces (`{id}`) matches any one non-empty segment.
    public var pattern: String
    public var requirement: Requirement
    public var surface: Surface

    public init(_ method: String, _ pattern: String, _ requirement: Requirement, surface: Surface) {
        self.method = method
        self.pattern = pattern
        self.requirement = requirement
        self.surface = surface
    }

    private static func rows(_ surface: Surface, _ rows: [(String, String, Requirement)]) -> [EndpointPermission] {
        rows.map { EndpointPermission($0.0, $0.1, $0.2, surface: surface) }
    }

    /// Every endpoint the server routes, by surface. The first row that matches a request
    /// decides, so specific rows come before a `{capture}` in the same place.
    public static let table: [EndpointPermission] = rows(.alertmanager, [
        ("GET", "/api/v2/alerts", .permission(.alertsRead)),
        ("POST", "/api/v2/alerts", .permission(.alertsWrite)),
        ("GET", "/api/v2/alerts/groups", .permission(.alertsRead)),
        ("GET", "/api/v2/silences", .permission(.silencesRead)),
        ("POST", "/api/v2/silences", .permission(.silencesWrite)),
        ("GET", "/api/v2/silence/{id}", .permission(.silencesRead)),
        ("DELETE", "/api/v2/silence/{id}", .permission(.silencesWrite)),
        ("GET", "/api/v2/status", .permission(.statusRead)),
        ("GET", "/api/v2/receivers", .permission(.statusRead)),
    ]) + rows(.prometheus, [
        ("GET", "/api/v1/query", .permission(.metricsQuery)),
        ("POST", "/api/v1/query", .permission(.metricsQuery)),
        ("GET", "/api/v1/query_range", .permission(.metricsQuery)),
        ("POST", "/api/v1/query_range", .permission(.metricsQuery)),
        ("GET", "/api/v1/series", .permission(.metricsQuery)),
        ("POST", "/api/v1/series", .permission(.metricsQuery)),
        ("GET", "/api/v1/labels", .permission(.metricsQuery)),
        ("POST", "/api/v1/labels", .permission(.metricsQuery)),
        ("GET", "/api/v1/label/{name}/values", .permission(.metricsQuery)),
        ("GET", "/api/v1/metadata", .permission(.metricsQuery)),
        ("GET", "/api/v1/status/buildinfo", .permission(.metricsQuery)),
        ("GET", "/api/v1/rules", .permission(.alertsRead)),
        ("GET", "/api/v1/alerts", .permission(.alertsRead)),
        ("POST", "/api/v1/import/prometheus", .permission(.metricsWrite)),
        ("POST", "/api/v1/write", .permission(.metricsWrite)),
        ("GET", "/api/v1/targets", .permission(.metricsQuery)),
        ("GET", "/metrics", .permission(.metricsRead)),
    ]) + rows(.vigil, [
        ("GET", "/api/vigil/v1/notifications", .permission(.notificationsRead)),
        ("GET", "/api/vigil/v1/kill-switch", .permission(.notificationsRead)),
        ("PUT", "/api/vigil/v1/kill-switch", .permission(.notificationsKillSwitch)),
        ("GET", "/api/vigil/v1/audit", .permission(.auditRead)),
        ("GET", "/api/vigil/v1/audit/verify", .permission(.auditVerify)),
        ("GET", "/api/vigil/v1/incidents", .permission(.incidentsRead)),
        ("POST", "/api/vigil/v1/incidents", .permission(.incidentsManage)),
        ("GET", "/api/vigil/v1/incidents/{id}", .permission(.incidentsRead)),
        ("GET", "/api/vigil/v1/incidents/{id}/postmortem", .permission(.incidentsRead)),
        ("GET", "/api/vigil/v1/incidents/{id}/runbook", .permission(.incidentsRead)),
        ("PUT", "/api/vigil/v1/incidents/{id}/postmortem", .permission(.incidentsManage)),
        ("POST", "/api/vigil/v1/incidents/{id}/runbook/steps/{step}", .permission(.incidentsAnnotate)),
        ("POST", "/api/vigil/v1/incidents/{id}/actions/{name}/approve", .permission(.approvalsDecide)),
        ("POST", "/api/vigil/v1/incidents/{id}/ack", .permission(.incidentsAcknowledge)),
        ("POST", "/api/vigil/v1/incidents/{id}/acknowledge", .permission(.incidentsAcknowledge)),
        ("POST", "/api/vigil/v1/incidents/{id}/notes", .permission(.incidentsAnnotate)),
        ("POST", "/api/vigil/v1/incidents/{id}/{action}", .permission(.incidentsManage)),
        ("POST", "/api/vigil/v1/incidents/{id}/follow-ups/{index}/done", .permission(.incidentsManage)),
        ("GET", "/api/vigil/v1/oncall", .permission(.incidentsRead)),
        ("GET", "/api/vigil/v1/follow-ups", .permission(.incidentsRead)),
        ("POST", "/api/vigil/v1/drills", .permission(.incidentsManage)),
        ("GET", "/api/vigil/v1/schedules", .permission(.incidentsRead)),
        ("GET", "/api/vigil/v1/schedules/{name}/shifts", .permission(.incidentsRead)),
        ("GET", "/api/vigil/v1/runbooks", .permission(.incidentsRead)),
        ("GET", "/runbooks", .permission(.incidentsRead)),
        ("GET", "/runbooks/{name}", .permission(.incidentsRead)),
    ]) + rows(.operations, [
        ("GET", "/health", .public),
        ("POST", "/-/reload", .permission(.configReload)),
        ("GET", "/-/healthy", .public),
        ("GET", "/-/ready", .public),
        // Anyone may try to sign in (behind the login throttle); sign-out checks the session itself.
        ("POST", "/login", .public),
        ("POST", "/logout", .public),
    ])

    /// Whether this row covers `method` and `path` (no query string; one trailing slash ignored).
    public func matches(method: String, path: String) -> Bool {
        method.uppercased() == self.method && Self.covers(Self.segments(pattern), Self.withoutTrailingSlash(path[...]))
    }

    /// The requirement for a request, or nil when no row covers it (refuse it).
    public static func requirement(method: String, path: String) -> Requirement? {
        row(method: method, path: path)?.requirement
    }

    /// The first row covering a request, nil when none does.
    public static func row(method: String, path: String) -> EndpointPermission? {
        index.row(method: method, path: path)
    }

    /// The table arranged for `row`, built on first use.
    private static let index = EndpointIndex(table)

    /// Whether `path`'s segments are `pattern`'s, a capture standing for any one segment but
    /// an empty one, `.` and `..`. `path` is split as it is walked: no array per request.
    static func covers(_ pattern: [Substring], _ path: Substring) -> Bool {
        var rest = path
        for (n, wanted) in pattern.enumerated() {
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            let given = rest[..<end]
            if isCapture(wanted) {
                if given.isEmpty || given == "." || given == ".." { return false }
            } else if wanted != given {
                return false
            }
            guard end < rest.endIndex else { return n == pattern.count - 1 }
            rest = rest[rest.index(after: end)...]
        }
        return false  // the path has more segments
    }

    /// `path` without one trailing slash, unless it is `/`. Looks at the last byte, not the last
    /// `Character` (no grapheme breaking per request): a path ending in a cluster whose last
    /// scalar is `/` matched no row either way.
    static func withoutTrailingSlash(_ path: Substring) -> Substring {
        path.utf8.last == UInt8(ascii: "/") && path.utf8.count > 1 ? Substring(path.utf8.dropLast()) : path
    }

    /// A pattern's segments, one trailing slash ignored.
    static func segments(_ pattern: String) -> [Substring] {
        withoutTrailingSlash(pattern[...]).split(separator: "/", omittingEmptySubsequences: false)
    }

    /// Whether a pattern's segment is a `{capture}`.
    static func isCapture(_ segment: Substring) -> Bool { segment.hasPrefix("{") && segment.hasSuffix("}") }
}
