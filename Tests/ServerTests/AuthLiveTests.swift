import Foundation
import Governance
import HTTPTypes
import Hummingbird
import Persistence
import HummingbirdTesting
import Server
import Testing

/// Over a real socket on 127.0.0.1, where the peer address exists: the loopback rule of `auth.compat`.
@Suite struct AuthLiveTests {
    static let alert = #"[{"labels":{"alertname":"A"}}]"#

    func live<Value>(_ auth: AuthConfig, server: TestServer? = nil,
                     _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let server = try server ?? TestServer(auth: auth)
        try await server.server.system.start(config: await server.server.state.config, externalURL: "http://vigil.test")
        let app = Application(router: server.server.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live, body)
    }

    @Test func loopbackClientsUseTheCompatibleEndpointsWithoutATokenByDefault() async throws {
        try await live(AuthConfig()) { client async throws in
            let json: HTTPFields = [.contentType: "application/json"]
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .post, headers: json, body: ByteBuffer(string: Self.alert)).status == .ok)
            #expect(try await client.execute(uri: "/api/v2/status", method: .get).status == .ok)
            // Operator is the default loopback role: no kill switch, and Vigil's own API is not opened at all.
            #expect(try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .get).status == .unauthorized)
            // Behind a proxy on the same host every client would look local: a forwarding header voids the rule.
            var proxied = json
            proxied[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.9"
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .post, headers: proxied, body: ByteBuffer(string: Self.alert)).status == .unauthorized)
        }
    }

    @Test func anEmptyLoopbackRoleClosesLoopbackToo() async throws {
        try await live(AuthConfig(loopbackRole: nil)) { client async throws in
            let response = try await client.execute(uri: "/api/v2/status", method: .get)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="vigil""#)
        }
    }

    @Test func loopbackAnonymousWritesAreLedgeredAsAnonymous() async throws {
        let server = try TestServer(auth: AuthConfig())
        try await live(AuthConfig(), server: server) { client async throws in
            let silence = SilencesAPITests.valid
            let created = try await client.execute(uri: "/api/v2/silences", method: .post, headers: [.contentType: "application/json"],
                                                   body: ByteBuffer(string: silence))
            #expect(created.status == .ok)
        }
        let entries = try await LedgerRepository(database: server.server.database).entries()
        #expect(entries.map(\.actor) == ["anonymous@127.0.0.1"])
    }
}

/// `auth.proxy_header`: believed from `auth.trusted_proxies` only.
extension AuthLiveTests {
    static let forwardedUser = HTTPField.Name("X-Forwarded-User")!

    func proxied(trusting networks: [String], user: String) async throws -> (TestResponse, String) {
        let auth = AuthConfig(proxyHeader: "X-Forwarded-User", trustedProxies: try networks.map { try IPNetwork(parsing: $0) })
        let server = try TestServer(auth: auth)
        _ = try await server.addUser("pat", role: "viewer", password: "s3cret")
        let dan = try await server.addUser("dan", role: "admin", password: "s3cret")
        try await server.server.accessControl.access.setDisabled(userID: dan.id, true, by: "test")
        return try await live(auth, server: server) { client async throws in
            let response = try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .get, headers: [Self.forwardedUser: user])
            let (_, _, secret) = try await server.issueToken(user: "prometheus", role: "viewer")
            return (response, try await client.execute(uri: "/metrics", method: .get, headers: bearer(secret)).text)
        }
    }

    @Test("the proxy header from an untrusted peer is ignored and counted", arguments: [["10.0.0.0/8"], ["192.168.0.0/16", "2001:db8::/32"]])
    func untrustedProxy(networks: [String]) async throws {
        let (response, metrics) = try await proxied(trusting: networks, user: "pat")
        #expect(response.status == .unauthorized)
        #expect(response.errorMessage == "authentication required: send Authorization: Bearer <API token>")
        #expect(metrics.contains("vigil_auth_proxy_header_ignored_total 1"))
    }

    @Test("the proxy header from a trusted peer names the user", arguments: [
        ("pat", HTTPResponse.Status.ok, nil as String?),
        ("ghost", .unauthorized, #"user "ghost" named by the proxy header does not exist"#),
        ("dan", .unauthorized, #"user "dan" is disabled"#),
        ("pat' OR '1'='1", .unauthorized, #"user "pat' OR '1'='1" named by the proxy header does not exist"#),
    ])
    func trustedProxy(user: String, status: HTTPResponse.Status, message: String?) async throws {
        let (response, metrics) = try await proxied(trusting: ["127.0.0.0/8"], user: user)
        #expect(response.status == status)
        #expect(response.errorMessage == message)
        #expect(metrics.contains("vigil_auth_proxy_header_ignored_total 0"))
    }
}
