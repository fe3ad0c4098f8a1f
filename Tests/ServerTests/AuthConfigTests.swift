import Governance
import Server
import Testing
import VigilConfig
import VigilCore

/// The `auth:` and `roles:` config sections: defaults, and errors naming the place.
@Suite struct AuthConfigTests {
    static let base = "route: {receiver: r}\nreceivers: [{name: r}]\n"

    @Test func defaultsRequireTokensAndOpenTheCompatibleEndpointsToLoopbackAsOperator() throws {
        let config = try VigilConfiguration.parse(Self.base, file: "v.yml")
        #expect(config.auth == AuthConfig(mode: .token, loopbackRole: "operator", anonymousRole: nil))
        #expect(config.auth.login.policy == LoginThrottle.Policy(userFailures: 5, addressFailures: 50, window: 900, lockout: 900))
        #expect(config.auth.session == SessionConfig(ttl: .hours(12), idleTimeout: .hours(1), secureCookie: false))
    }

    @Test("valid sections", arguments: [
        ("auth: {mode: none}", AuthConfig(mode: .none)),
        ("auth: {compat: {loopback_role: ''}}", AuthConfig(loopbackRole: nil)),
        ("auth: {compat: {loopback_role: null, anonymous_role: viewer}}", AuthConfig(loopbackRole: nil, anonymousRole: "viewer")),
        ("roles: [{name: grafana, permissions: [alerts.read, metrics.query]}]\nauth: {compat: {anonymous_role: grafana}}",
         AuthConfig(anonymousRole: "grafana")),
        ("auth: {session: {ttl: 8h, idle_timeout: 30m, secure_cookie: true}}",
         AuthConfig(session: SessionConfig(ttl: .hours(8), idleTimeout: .minutes(30), secureCookie: true))),
        ("auth: {proxy_header: X-Forwarded-User, trusted_proxies: [10.0.0.0/8, '2001:db8::/32']}",
         AuthConfig(proxyHeader: "X-Forwarded-User", trustedProxies: [try! IPNetwork(parsing: "10.0.0.0/8"), try! IPNetwork(parsing: "2001:db8::/32")])),
    ])
    func valid(yaml: String, expected: AuthConfig) throws {
        #expect(try VigilConfiguration.parse(Self.base + yaml, file: "v.yml").auth == expected)
    }

    @Test("bad sections are refused with their place", arguments: [
        ("auth: {mode: off}", #"v.yml:3:14: auth.mode: unknown auth mode "off" (one of token, none)"#),
        ("auth: {tokens: yes}", "v.yml:3:8: auth.tokens: field tokens not found in type auth"),
        ("auth: {compat: {anonymus_role: x}}", "v.yml:3:17: auth.compat.anonymus_role: field anonymus_role not found in type auth.compat"),
        ("auth: {compat: {anonymous_role: ghost}}", #"v.yml:3:33: auth.compat.anonymous_role: unknown role "ghost""#),
        ("auth: {login: {lockout: 0s}}", "v.yml:3:25: auth.login.lockout: lockout must be positive"),
        ("auth: {login: {max_failures_per_address: 0}}", "v.yml:3:42: auth.login.max_failures_per_address: max_failures_per_address must be at least 1"),
        ("auth: {session: {ttl: 1h, cookie: x}}", "v.yml:3:27: auth.session.cookie: field cookie not found in type auth.session"),
        ("auth: {proxy_header: X-Forwarded-User}", "v.yml:3:22: auth.proxy_header: proxy_header needs trusted_proxies: the addresses of the proxies that set it"),
        ("auth: {proxy_header: X-User, trusted_proxies: [10.0.0.0/33]}", #"v.yml:3:30: auth.trusted_proxies: invalid IP address or CIDR network "10.0.0.0/33""#),
        ("roles: [{name: viewer}]", #"v.yml:3:16: roles[0].name: role "viewer" is defined more than once"#),
        ("roles: [{name: x, permissions: [alerts.delete]}]", #"v.yml:3:33: roles[0].permissions[0]: unknown permission "alerts.delete""#),
    ])
    func invalid(yaml: String, message: String) {
        let error = #expect(throws: ConfigErrors.self) { try VigilConfiguration.parse(Self.base + yaml, file: "v.yml") }
        #expect(error?.errors.map(\.description) == [message])
    }
}
