import Alerting
import Foundation
import Server
import Testing
import VigilConfig
import VigilCore
import Yams

/// The `audit.anchor` config section: defaults, errors naming the place, secrets never shown.
@Suite struct AnchorConfigTests {
    static let base = "route: {receiver: r}\nreceivers: [{name: r}]\n"

    @Test func noSectionSendsNoAnchors() throws {
        #expect(try VigilConfiguration.parse(Self.base, file: "v.yml").audit.anchor == nil)
    }

    @Test func defaultsAndEveryKey() throws {
        let minimal = try #require(try VigilConfiguration.parse(Self.base + "audit: {anchor: {url: 'https://a.example/x'}}", file: "v.yml").audit.anchor)
        #expect(minimal == AnchorConfig(url: "https://a.example/x", interval: .hours(1), timeout: .seconds(10)))
        let full = try #require(try VigilConfiguration.parse(Self.base + """
            audit:
              anchor:
                url: https://anchors.example.org:8443/v/hook?k=1
                interval: 15m
                timeout: 3s
                headers: {X-Tenant: ops}
                bearer_token_file: /run/secrets/anchor
            """, file: "v.yml").audit.anchor)
        var expected = AnchorConfig(url: "https://anchors.example.org:8443/v/hook?k=1", interval: .minutes(15), timeout: .seconds(3))
        expected.headers = ["X-Tenant": Secret("ops")]
        expected.bearerTokenFile = "/run/secrets/anchor"
        #expect(full == expected)
        #expect(full.receiverName == "https://anchors.example.org:8443")
    }

    @Test("bad sections are refused with their place", arguments: [
        ("audit: {anchors: {}}", "v.yml:3:9: audit.anchors: field anchors not found in type audit"),
        ("audit: {anchor: {interval: 1h}}", #"v.yml:3:9: audit.anchor: missing required field "url""#),
        ("audit: {anchor: {url: 'ftp://a.example/x'}}", "v.yml:3:23: audit.anchor.url: unsupported scheme for URL: must be http or https"),
        ("audit: {anchor: {url: 'https://a.example', interval: 0s}}", "v.yml:3:54: audit.anchor.interval: interval must be positive"),
        ("audit: {anchor: {url: 'https://a.example', timeout: 0s}}", "v.yml:3:53: audit.anchor.timeout: timeout must be positive"),
        ("audit: {anchor: {url: 'https://a.example', bearer_token: a, bearer_token_file: b}}",
         "v.yml:3:58: audit.anchor.bearer_token: at most one of bearer_token & bearer_token_file must be configured"),
        ("audit: {anchor: {url: 'https://a.example', bearer_token: a, headers: {authorization: b}}}",
         "v.yml:3:61: audit.anchor.headers: an Authorization header and bearer_token cannot both be configured"),
        ("audit: {anchor: {url: 'https://a.example', secret: a}}", "v.yml:3:44: audit.anchor.secret: field secret not found in type audit.anchor"),
    ])
    func invalid(yaml: String, message: String) {
        let error = #expect(throws: ConfigErrors.self) { try VigilConfiguration.parse(Self.base + yaml, file: "v.yml") }
        #expect(error?.errors.map(\.description) == [message])
    }

    @Test func secretsAreNeverEncoded() throws {
        let config = try VigilConfiguration.parse(Self.base + """
            audit: {anchor: {url: 'https://a.example/hook?token=url-secret-123', bearer_token: bearer-secret-456, headers: {X-Key: header-secret-789}}}
            """, file: "v.yml")
        let shown = try YAMLEncoder().encode(config)
        for secret in ["url-secret-123", "bearer-secret-456", "header-secret-789"] { #expect(!shown.contains(secret), "\(secret) leaked") }
        #expect(shown.contains("X-Key: <secret>"), "\(shown)")
        #expect(!"\(config.audit)".contains("secret-"))
    }
}
