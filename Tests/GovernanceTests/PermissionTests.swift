import Foundation
import Governance
import Testing
import VigilConfig

/// The endpoint table, the authorizer, built-in roles, custom roles from YAML and the generated doc.
@Suite struct PermissionTests {
    @Test("requests map to the permission they need", arguments: [
        ("GET", "/api/v2/alerts", EndpointPermission.Requirement.permission(.alertsRead)),
        ("post", "/api/v2/alerts", .permission(.alertsWrite)),
        ("GET", "/api/v2/alerts/groups", .permission(.alertsRead)),
        ("GET", "/api/v2/silence/0b2e-11", .permission(.silencesRead)),
        ("DELETE", "/api/v2/silence/0b2e-11", .permission(.silencesWrite)),
        ("DELETE", "/api/v2/silence/0b2e-11/", .permission(.silencesWrite)),
        ("PUT", "/api/vigil/v1/kill-switch", .permission(.notificationsKillSwitch)),
        ("GET", "/api/vigil/v1/kill-switch", .permission(.notificationsRead)),
        ("POST", "/-/reload", .permission(.configReload)),
        ("GET", "/health", .public),
        ("GET", "/-/ready", .public),
        // Specific incident actions come before the `{action}` row that catches the rest.
        ("POST", "/api/vigil/v1/incidents/INC-1/ack", .permission(.incidentsAcknowledge)),
        ("POST", "/api/vigil/v1/incidents/INC-1/notes", .permission(.incidentsAnnotate)),
        ("POST", "/api/vigil/v1/incidents/INC-1/resolve", .permission(.incidentsManage)),
        ("GET", "/api/v1/rules", .permission(.alertsRead)),
    ])
    func requirement(method: String, path: String, requirement: EndpointPermission.Requirement) {
        #expect(EndpointPermission.requirement(method: method, path: path) == requirement)
    }

    @Test func onlyAlertmanagerAndPrometheusEndpointsAreCompatible() {
        let compatible = EndpointPermission.table.filter(\.surface.isCompatible).map(\.pattern)
        #expect(compatible.allSatisfy { $0.hasPrefix("/api/v2/") || $0.hasPrefix("/api/v1/") || $0 == "/metrics" })
        #expect(EndpointPermission.row(method: "PUT", path: "/api/vigil/v1/kill-switch")?.surface == .vigil)
        #expect(EndpointPermission.row(method: "POST", path: "/-/reload")?.surface == .operations)
    }

    @Test("unknown requests have no row, so they are refused", arguments: [
        ("DELETE", "/api/v2/alerts"), ("GET", "/api/v2/silence"), ("GET", "/api/v2/silence/a/b"),
        ("GET", "/api/v2/silence/.."), ("GET", "/api/v2/silence//"), ("GET", "/api/v2/alerts%2Fgroups"),
        ("GET", "/API/V2/ALERTS"), ("GET", ""), ("GET", "/api/v2/alerts;DROP TABLE user"),
    ])
    func unknown(method: String, path: String) {
        #expect(EndpointPermission.requirement(method: method, path: path) == nil)
        #expect(throws: AuthError.unknownEndpoint(method: method, path: path)) {
            try Authorizer.authorize(Self.principal(.admin), method: method, path: path)
        }
    }

    static func principal(_ role: Role) -> Principal {
        Principal(user: User(id: "u", name: "u", role: role.name, createdAt: t0), role: role)
    }

    @Test("roles allow what the runbook gives them", arguments: [
        (Role.viewer, "PUT", "/api/vigil/v1/kill-switch", AuthError?.some(.forbidden(missing: .notificationsKillSwitch))),
        (.viewer, "POST", "/api/v2/silences", .forbidden(missing: .silencesWrite)),
        (.viewer, "GET", "/api/v2/alerts", nil),
        (.operator, "POST", "/api/v2/silences", nil),
        (.operator, "PUT", "/api/vigil/v1/kill-switch", .forbidden(missing: .notificationsKillSwitch)),
        (.operator, "POST", "/-/reload", .forbidden(missing: .configReload)),
        (.approver, "PUT", "/api/vigil/v1/kill-switch", nil),
        (.approver, "POST", "/-/reload", .forbidden(missing: .configReload)),
        (.admin, "POST", "/-/reload", nil),
    ])
    func roles(role: Role, method: String, path: String, expected: AuthError?) {
        do {
            try Authorizer.authorize(Self.principal(role), method: method, path: path)
            #expect(expected == nil)
        } catch {
            #expect(error == expected)
        }
    }

    @Test func anonymousCallersReachOnlyPublicEndpoints() throws {
        try Authorizer.authorize(nil, method: "GET", path: "/health")
        #expect(throws: AuthError.invalidCredentials) { try Authorizer.authorize(nil, method: "GET", path: "/metrics") }
    }

    @Test func approvingIsNotOperatorsWork() {
        #expect(!Role.operator.allows(.approvalsDecide))
        #expect(Role.operator.allows(.approvalsRequest))
        #expect(Role.approver.allows(.approvalsDecide))
        #expect(Role.viewer.allows(.auditVerify) && !Role.viewer.allows(.auditRead))
        #expect(!Role.approver.allows(.usersManage) && !Role.approver.allows(.tokensManage))
        #expect(Role.admin.permissions == Set(Permission.allCases))
    }

    @Test func theCommittedPermissionsDocumentIsGenerated() throws {
        let url = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../docs/PERMISSIONS.md")
        let generated = PermissionsDocument.markdown()
        if ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] == "1" {
            try Data(generated.utf8).write(to: url)
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == generated, "regenerate with VIGIL_UPDATE_GOLDEN=1 swift test --filter theCommittedPermissionsDocumentIsGenerated")
    }

    @Test func customRolesDecodeFromYAML() throws {
        let yaml = """
            roles:
              - name: oncall
                description: silences only
                permissions: [alerts.read, silences.read, silences.write]
              - name: auditor
                permissions: [audit.read, audit.verify, audit.export]
            """
        let config = try YAMLLoader(file: "roles.yml").decode(RoleConfig.self, from: yaml)
        let catalog = try config.catalog()
        #expect(try catalog.role(named: "oncall").permissions == [.alertsRead, .silencesRead, .silencesWrite])
        #expect(try catalog.role(named: "auditor").allows(.auditExport))
        #expect(try catalog.role(named: "viewer") == .viewer)
        #expect(throws: RoleError.unknown("ghost")) { try catalog.role(named: "ghost") }
    }

    @Test("bad role config is refused with its place", arguments: [
        ("roles:\n  - name: a\n    permisions: [alerts.read]\n", "roles.yml:3:5: roles[0].permisions: field permisions not found in type role"),
        ("roles:\n  - name: a\n    permissions: [alerts.read, alerts.delete]\n",
         #"roles.yml:3:32: roles[0].permissions[1]: unknown permission "alerts.delete""#),
        ("role:\n  - name: a\n", "roles.yml:1:1: role: field role not found in type roles config"),
        ("roles:\n  - name: admin\n", #"roles.yml:2:11: roles[0].name: role "admin" is defined more than once"#),
        ("roles:\n  - name: x\n  - name: x\n", #"roles.yml:3:11: roles[1].name: role "x" is defined more than once"#),
        ("roles:\n  - name: \"a b'; --\"\n", #"roles.yml:2:11: roles[0].name: role name "a b'; --" must be letters, digits, '-' or '_'"#),
    ])
    func badConfig(yaml: String, message: String) {
        let error = #expect(throws: ConfigErrors.self) { try YAMLLoader(file: "roles.yml").decode(RoleConfig.self, from: yaml) }
        #expect(error?.description == message)
    }
}
