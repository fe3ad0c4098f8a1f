import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Server
import Testing
import VigilTestSupport

/// Password sign-in, session cookies, CSRF, rotation and the brute-force lockout, over a real
/// socket on 127.0.0.1 with SQLite.
@Suite struct SessionLiveTests {
    static let silence = SilencesAPITests.valid
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    func live<Value>(_ server: TestServer, _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await AuthLiveTests().live(AuthConfig(), server: server, body)
    }

    /// Signs in with a form; returns the response and the session token from its cookie.
    static func login(_ client: any TestClientProtocol, _ name: String, _ password: String, cookie: String? = nil)
        async throws -> (TestResponse, String?) {
        var headers = form
        if let cookie { headers[.cookie] = "vigil_session=\(cookie)" }
        let body = "username=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name)&password=\(password)"
        let response = try await client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: body))
        return (response, cookieValue("vigil_session", in: response))
    }

    static func cookieValue(_ name: String, in response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }
            .map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
    }

    static func session(_ token: String, csrf: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.cookie: "theme=dark; vigil_session=\(token)", .contentType: "application/json"]
        if let csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
        return headers
    }

    static func metrics(_ client: any TestClientProtocol, _ server: TestServer) async throws -> String {
        let (_, _, secret) = try await server.issueToken(user: "prometheus", role: "viewer")
        return try await client.execute(uri: "/metrics", method: .get, headers: bearer(secret)).text
    }

    @Test func fiftyFailuresFromOneAddressLockItOutRaiseTheMetricAndAreLedgered() async throws {
        let server = try TestServer.withAuth()
        _ = try await server.addUser("pat", role: "viewer", password: "s3cret")
        try await live(server) { client async throws in
            // Spraying: one guess per user name, so only the address limit (50) can lock.
            for i in 0..<50 {
                let (wrong, _) = try await Self.login(client, "guess\(i)", "hunter2")
                #expect(wrong.status == .unauthorized)
            }
            let (locked, _) = try await Self.login(client, "pat", "s3cret")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] == "900")
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: basic("pat", "s3cret")).status == .tooManyRequests)
            let text = try await Self.metrics(client, server)
            #expect(text.contains(#"vigil_auth_failed_logins_total{address_prefix="127.0.0.0/24",user_prefix="gu"} 50"#), "\(text)")
            #expect(text.contains(#"vigil_auth_failed_logins_total{address_prefix="127.0.0.0/24",user_prefix="pa"} 2"#))
            #expect(text.contains(#"vigil_auth_lockouts_total{key="address"} 1"#))
            server.clock.advance(by: 899)
            #expect(try await Self.login(client, "pat", "s3cret").0.status == .tooManyRequests)
            server.clock.advance(by: 1)
            #expect(try await Self.login(client, "pat", "s3cret").0.status == .ok)
        }
        let ledger = try await LedgerRepository(database: server.server.database).entries()
        #expect(ledger.filter { $0.action == "auth.login_failed" }.count == 50)
        #expect(ledger.filter { $0.action == "auth.lockout" }.map(\.target) == ["127.0.0.1"])
        #expect(ledger.filter { $0.action == "session.create" }.count == 1)
    }

    @Test("cookies are HttpOnly (session), SameSite=Strict, Secure when configured", arguments: [false, true])
    func cookieFlags(secure: Bool) async throws {
        let server = try TestServer.withAuth(AuthConfig(session: SessionConfig(secureCookie: secure)))
        _ = try await server.addUser("pat", role: "operator", password: "s3cret")
        try await live(server) { client async throws in
            let response = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/json"],
                                                    body: ByteBuffer(string: #"{"username":"pat","password":"s3cret"}"#))
            #expect(response.status == .ok)
            let cookies = response.headers[values: .setCookie]
            let token = try #require(Self.cookieValue("vigil_session", in: response))
            let csrf = try #require(Self.cookieValue("vigil_csrf", in: response))
            let suffix = secure ? "; Secure" : ""
            #expect(cookies == ["vigil_session=\(token); Path=/; Max-Age=43200; HttpOnly; SameSite=Strict\(suffix)",
                                "vigil_csrf=\(csrf); Path=/; Max-Age=43200; SameSite=Strict\(suffix)"])
            #expect(token.hasPrefix("vigils_") && token.count == 50)
            let body = try #require(try response.json() as? [String: String])
            #expect(body == ["user": "pat", "role": "operator", "csrf_token": csrf, "expires_at": "2023-11-15T10:13:20Z"])
        }
    }

    @Test func stateChangesByCookieNeedTheSessionsCSRFToken() async throws {
        let server = try TestServer.withAuth()
        _ = try await server.addUser("pat", role: "operator", password: "s3cret")
        _ = try await server.addUser("oli", role: "operator", password: "0ther")
        try await live(server) { client async throws in
            let (fresh, freshToken) = try await Self.login(client, "pat", "s3cret")
            let live = try #require(freshToken), liveCSRF = try #require(Self.cookieValue("vigil_csrf", in: fresh))
            let otherCSRF = TokenSecretProbe.csrf(try #require(try await Self.login(client, "oli", "0ther").1))
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: Self.session(live)).status == .ok)
            let body = ByteBuffer(string: Self.silence)
            for csrfToken in [nil, "wrong", otherCSRF, live] {
                let refused = try await client.execute(uri: "/api/v2/silences", method: .post, headers: Self.session(live, csrf: csrfToken), body: body)
                #expect(refused.status == .forbidden)
                #expect(refused.errorMessage == "missing or wrong CSRF token: send the X-CSRF-Token header given at sign-in")
            }
            #expect(try await client.execute(uri: "/api/v2/silences", method: .post, headers: Self.session(live, csrf: liveCSRF),
                                             body: body).status == .ok)
            // Bearer tokens are not sent by browsers on their own: no CSRF token needed.
            let (_, _, secret) = try await server.issueToken(user: "ci", role: "operator")
            #expect(try await client.execute(uri: "/api/v2/silences", method: .post, headers: bearer(secret), body: body).status == .ok)
            // Sign-out is a state change too.
            #expect(try await client.execute(uri: "/logout", method: .post, headers: Self.session(live)).status == .forbidden)
            let out = try await client.execute(uri: "/logout", method: .post, headers: Self.session(live, csrf: liveCSRF))
            #expect(out.status == .noContent)
            #expect(out.headers[values: .setCookie].first?.hasPrefix("vigil_session=; Path=/; Max-Age=0") == true)
            let after = try await client.execute(uri: "/api/v2/alerts", method: .get, headers: Self.session(live))
            #expect(after.status == .unauthorized)
            #expect(after.errorMessage == "session has been revoked; sign in again")
        }
    }

    @Test func presentingARotatedSessionTokenRevokesEverySessionOfThatUser() async throws {
        let server = try TestServer.withAuth()
        _ = try await server.addUser("pat", role: "viewer", password: "s3cret")
        _ = try await server.addUser("oli", role: "viewer", password: "0ther")
        try await live(server) { client async throws in
            let first = try #require(try await Self.login(client, "pat", "s3cret").1)
            let second = try #require(try await Self.login(client, "pat", "s3cret", cookie: first).1)  // rotates `first` away
            let laptop = try #require(try await Self.login(client, "pat", "s3cret").1)
            let bystander = try #require(try await Self.login(client, "oli", "0ther").1)
            for token in [second, laptop, bystander] {
                #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: Self.session(token)).status == .ok)
            }
            let reused = try await client.execute(uri: "/api/v2/alerts", method: .get, headers: Self.session(first))
            #expect(reused.status == .unauthorized)
            #expect(reused.errorMessage == "session token was already replaced; every session of its user is revoked")
            for token in [second, laptop] {
                let answer = try await client.execute(uri: "/api/v2/alerts", method: .get, headers: Self.session(token))
                #expect(answer.errorMessage == "session has been revoked; sign in again")
            }
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: Self.session(bystander)).status == .ok)
            #expect(try await Self.metrics(client, server).contains("vigil_auth_session_hijack_total 1"))
        }
        let hijacks = try await LedgerRepository(database: server.server.database).entries().filter { $0.action == "auth.session_hijack" }
        #expect(hijacks.map(\.target) == ["pat"])
    }

    @Test func aRoleChangeRotatesTheSessionAtItsNextRequest() async throws {
        let server = try TestServer.withAuth()
        let pat = try await server.addUser("pat", role: "operator", password: "s3cret")
        try await live(server) { client async throws in
            let old = try #require(try await Self.login(client, "pat", "s3cret").1)
            try await server.server.accessControl.access.setRole(userID: pat.id, role: "viewer", by: "test")
            // Refused (viewer cannot silence), and still given the new cookie: the old one is dead.
            let csrf = TokenSecretProbe.csrf(old)
            let refused = try await client.execute(uri: "/api/v2/silences", method: .post, headers: Self.session(old, csrf: csrf),
                                                   body: ByteBuffer(string: Self.silence))
            #expect(refused.status == .forbidden)
            let new = try #require(Self.cookieValue("vigil_session", in: refused))
            #expect(new != old)
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: Self.session(new)).status == .ok)
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: Self.session(old)).status == .unauthorized)
        }
        let actions = try await LedgerRepository(database: server.server.database).entries().map(\.action)
        #expect(actions.suffix(3) == ["user.role", "session.rotate", "auth.session_hijack"])
    }
}

/// The CSRF token of a session token, as the server computes it.
enum TokenSecretProbe {
    static func csrf(_ token: String) -> String? { try? TokenSecret(parsing: token, prefix: TokenSecret.sessionPrefix).csrfToken }
}
