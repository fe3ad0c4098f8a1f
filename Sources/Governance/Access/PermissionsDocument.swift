/// Renders `docs/PERMISSIONS.md` from `EndpointPermission.table`, `Permission` and the built-in
/// roles, so the document cannot drift from the code (a test compares the committed file).
public enum PermissionsDocument {
    public static func markdown() -> String {
        var lines: [String] = [
            "# Permissions",
            "",
            "Generated from `Sources/Governance/Access` by `PermissionsDocument.markdown()`; do not edit by hand.",
            "A test fails when this file and the code disagree. Endpoints not listed are refused.",
            "",
            "## Endpoints",
            "",
            "The surface says which API an endpoint belongs to. Only `alertmanager` and `prometheus`",
            "endpoints can be opened to callers without credentials (`auth.compat` in docs/CONFIGURATION.md),",
            "and then only with the permissions of the role configured there.",
            "",
            "| method | path | requires | surface |",
            "| --- | --- | --- | --- |",
        ]
        for row in EndpointPermission.table {
            let requirement: String
            switch row.requirement {
            case .public: requirement = "nothing (public)"
            case .permission(let permission): requirement = "`\(permission.rawValue)`"
            }
            lines.append("| \(row.method) | `\(row.pattern)` | \(requirement) | \(row.surface.rawValue) |")
        }
        let roles = Role.builtIn
        lines += ["", "## Permissions and built-in roles", "",
                  "| permission | what it allows | " + roles.map(\.name).joined(separator: " | ") + " |",
                  "| --- | --- |" + String(repeating: " --- |", count: roles.count)]
        for permission in Permission.allCases {
            let marks = roles.map { $0.allows(permission) ? "yes" : "" }
            lines.append("| `\(permission.rawValue)` | \(permission.summary) | " + marks.joined(separator: " | ") + " |")
        }
        lines += ["", "## Built-in roles", ""]
        for role in roles { lines.append("- `\(role.name)`: \(role.description)") }
        lines += ["", "Custom roles are sets of the permissions above, from the `roles:` config section.",
                  "An API token is scoped to a role; a request made with it holds only the permissions both",
                  "the token's role and its user's current role grant.", ""]
        return lines.joined(separator: "\n")
    }
}
