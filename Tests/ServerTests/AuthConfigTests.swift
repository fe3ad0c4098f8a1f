import Server
import Testing
import VigilConfig

/// The `auth:` and `roles:` config sections: defaults, and errors naming the place.
@Suite struct AuthConfigTests {
    static let base = "route: {receiver: r}\nreceivers: [{name: r}]\n"

    @Test func defaultsRequireTokensAndOpenTheCompatibleEndpointsToLoopbackAsOperator() throws {
        let config = try VigilConfiguration.parse(Self.base, file: "v.yml")
        #expect(config.auth == AuthConfig(mode: .token, loopbackRole: "operator", anonymousRole: nil))
    }

    @Test("valid sections", arguments: [
        ("auth: {mode: none}", AuthConfig(mode: .none)),
        ("auth: {compat: {loopback_role: ''}}", AuthConfig(loopbackRole: nil)),
        ("auth: {compat: {loopback_role: null, anonymous_role: viewer}}", AuthConfig(loopbackRole: nil, anonymousRole: "viewer")),
        ("roles: [{name: grafana, permissions: [alerts.read, metrics.query]}]\nauth: {compat: {anonymous_role: grafana}}",
         AuthConfig(anonymousRole: "grafana")),
    ])
    func valid(yaml: String, expected: AuthConfig) throws {
        #expect(try VigilConfiguration.parse(Self.base + yaml, file: "v.yml").auth == expected)
    }

    @Test("bad sections are refused with their place", arguments: [
        ("auth: {mode: off}", #"v.yml:3:14: auth.mode: unknown auth mode "off" (one of token, none)"#),
        ("auth: {tokens: yes}", "v.yml:3:8: auth.tokens: field tokens not found in type auth"),
        ("auth: {compat: {anonymus_role: x}}", "v.yml:3:17: auth.compat.anonymus_role: field anonymus_role not found in type auth.compat"),
        ("auth: {compat: {anonymous_role: ghost}}", #"v.yml:3:33: auth.compat.anonymous_role: unknown role "ghost""#),
        ("roles: [{name: viewer}]", #"v.yml:3:16: roles[0].name: role "viewer" is defined more than once"#),
        ("roles: [{name: x, permissions: [alerts.delete]}]", #"v.yml:3:33: roles[0].permissions[0]: unknown permission "alerts.delete""#),
    ])
    func invalid(yaml: String, message: String) {
        let error = #expect(throws: ConfigErrors.self) { try VigilConfiguration.parse(Self.base + yaml, file: "v.yml") }
        #expect(error?.errors.map(\.description) == [message])
    }
}
