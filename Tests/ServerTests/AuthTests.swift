import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Server
import Testing
import VigilTestSupport

/// Requests through the router with `auth.mode: token`: who gets in, who is refused and why,
/// and that the ledger names the real actor.
@Suite struct AuthTests {
    static let silence = SilencesAPITests.valid
    static let alert = #"[{"labels":{"alertname":"A"}}]"#

    @Test("each built-in role gets exactly what the table grants", arguments: [
        ("viewer", HTTPRequest.Method.get, "/api/v2/alerts", nil as String?, HTTPResponse.Status.ok),
        ("viewer", .post, "/api/v2/alerts", alert, .forbidden),
        ("viewer", .post, "/api/v2/silences", silence, .forbidden),
        ("viewer", .get, "/api/vigil/v1/audit", nil, .forbidden),
        ("viewer", .get, "/api/vigil/v1/audit/verify", nil, .ok),
        ("viewer", .get, "/metrics", nil, .ok),
        ("operator", .post, "/api/v2/alerts", alert, .ok),
        ("operator", .post, "/api/v2/silences", silence, .ok),
        ("operator", .get, "/api/vigil/v1/audit", nil, .ok),
        ("operator", .put, "/api/vigil/v1/kill-switch", #"{"muted":true}"#, .forbidden),
        ("operator", .post, "/api/v1/import/prometheus", "up 1\n", .noContent),
        ("viewer", .post, "/api/v1/import/prometheus", "up 1\n", .forbidden),
        ("operator", .post, "/api/v1/write", nil, .badRequest),  // authorized; an empty body is not snappy
        ("viewer", .post, "/api/v1/write", nil, .forbidden),
        ("approver", .put, "/api/vigil/v1/kill-switch", #"{"muted":true}"#, .ok),
        ("approver", .post, "/-/reload", nil, .forbidden),
        ("admin", .post, "/-/reload", nil, .ok),
        ("admin", .post, "/api/v1/import/prometheus", "up 1\n", .noContent),
    ])
    func roleMatrix(role: String, method: HTTPRequest.Method, path: String, body: String?, expected: HTTPResponse.Status) async throws {
        let server = try TestServer.withAuth()
        let (_, _, secret) = try await server.issueToken(user: "u-\(role)", role: role)
        try await server.test { client async throws in
            let response = try await client.execute(uri: path, method: method, headers: bearer(secret),
                                                    body: body.map { ByteBuffer(string: $0) })
            #expect(response.status == expected, "\(role) \(method) \(path): \(response.text)")
            if expected == .forbidden {
                #expect(response.errorMessage?.hasPrefix("permission ") == true)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="vigil", error="insufficient_scope""#)
            }
        }
    }

    @Test func forbiddenNamesTheMissingPermission() async throws {
        let server = try TestServer.withAuth()
        let (_, _, secret) = try await server.issueToken(user: "vic", role: "viewer")
        try await server.test { client async throws in
            let response = try await client.execute(uri: "/api/v2/silences", method: .post, headers: bearer(secret),
                                                    body: ByteBuffer(string: Self.silence))
            #expect(response.status == .forbidden)
            #expect(response.errorMessage == "permission silences.write required for POST /api/v2/silences")
        }
    }

    @Test("bad credentials get 401 with a Bearer challenge and a clear reason", arguments: [
        (nil as String?, "authentication required: send Authorization: Bearer <API token>", #"Bearer realm="vigil""#),
        ("Bearer", #"malformed Authorization header: expected "Bearer <token>" or "Basic <credentials>""#,
         #"Bearer realm="vigil", error="invalid_token""#),
        ("Digest abc", "malformed Authorization header: unsupported scheme; expected Bearer or Basic",
         #"Bearer realm="vigil", error="invalid_token""#),
        ("Basic !!!", "malformed Authorization header: Basic credentials must be base64 of name:password",
         #"Bearer realm="vigil", error="invalid_token""#),
        ("Bearer abc' OR 1=1 --", "malformed API token: expected vigil_ and 43 base64url characters",
         #"Bearer realm="vigil", error="invalid_token""#),
        ("Bearer vigil_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "unknown API token",
         #"Bearer realm="vigil", error="invalid_token""#),
    ])
    func badCredentials(header: String?, message: String, challenge: String) async throws {
        let server = try TestServer.withAuth()
        try await server.test { client async throws in
            var headers = HTTPFields()
            if let header { headers[.authorization] = header }
            let response = try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .get, headers: headers)
            #expect(response.status == .unauthorized)
            #expect(response.errorMessage == message)
            #expect(response.headers[.wwwAuthenticate] == challenge)
        }
    }

    @Test func revokedExpiredAndDisabledTokensStopWorking() async throws {
        let server = try TestServer.withAuth()
        let revoked = try await server.issueToken(user: "rita", role: "operator")
        let expiring = try await server.issueToken(user: "ed", role: "operator", expiresAt: server.clock.now() + 60)
        let disabled = try await server.issueToken(user: "dan", role: "operator")
        let access = server.server.accessControl.access
        try await server.test { client async throws in
            for secret in [revoked.secret, expiring.secret, disabled.secret] {
                #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: bearer(secret)).status == .ok)
            }
            try await access.revokeToken(id: revoked.token.id, by: "test")
            try await access.setDisabled(userID: disabled.user.id, true, by: "test")
            server.clock.advance(by: 60)
            let answers = try await [revoked.secret, expiring.secret, disabled.secret].asyncMap { secret in
                try await client.execute(uri: "/api/v2/alerts", method: .get, headers: bearer(secret))
            }
            #expect(answers.map(\.status) == [.unauthorized, .unauthorized, .unauthorized])
            #expect(answers[0].errorMessage == "API token \(revoked.token.id) has been revoked")
            #expect(answers[1].errorMessage == "API token \(expiring.token.id) expired at 2023-11-14T22:14:20Z")
            #expect(answers[2].errorMessage == #"user "dan" is disabled"#)
        }
    }

    @Test func aTokenNeverExceedsItsUsersRole() async throws {
        let server = try TestServer.withAuth()
        let (user, _, secret) = try await server.issueToken(user: "amy", role: "admin")
        try await server.test { client async throws in
            let mute = #"{"muted":true}"#
            #expect(try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .put, headers: bearer(secret),
                                             body: ByteBuffer(string: mute)).status == .ok)
            try await server.server.accessControl.access.setRole(userID: user.id, role: "viewer", by: "test")
            server.clock.advance(by: 1)  // verified tokens are trusted for a second (VerifiedTokenCache)
            #expect(try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .put, headers: bearer(secret),
                                             body: ByteBuffer(string: mute)).status == .forbidden)
        }
    }

    @Test func publicEndpointsNeedNothingAndUnknownOnesAre404() async throws {
        let server = try TestServer.withAuth()
        try await server.test { client async throws in
            #expect(try await client.execute(uri: "/-/ready", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/health", method: .get, headers: [.authorization: "Bearer junk"]).status == .ok)
            let unknown = try await client.execute(uri: "/api/v2/nothing", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorMessage == #"no permission is defined for GET "/api/v2/nothing""#)
        }
    }

    @Test func anonymousRoleOpensOnlyTheCompatibleEndpointsAndOnlyForItsPermissions() async throws {
        let server = try TestServer.withAuth(AuthConfig(loopbackRole: nil, anonymousRole: "viewer"))
        try await server.test { client async throws in
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/rules", method: .get).status == .ok)
            #expect(try await postJSON(client, "/api/v2/alerts", Self.alert).status == .forbidden)
            #expect(try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .get).status == .unauthorized)
            // Credentials that are sent are checked, even where anonymous callers get in.
            let forged = try await client.execute(uri: "/api/v2/alerts", method: .get, headers: [.authorization: "Bearer nope"])
            #expect(forged.status == .unauthorized)
        }
    }

    @Test func routerTestsAreNotLoopbackSoTheDefaultConfigClosesEverything() async throws {
        // No socket, no address: the loopback rule must not apply.
        let server = try TestServer.withAuth()
        try await server.test { client async throws in
            #expect(try await postJSON(client, "/api/v2/alerts", Self.alert).status == .unauthorized)
        }
    }

    @Test func theLedgerNamesTheAuthenticatedActor() async throws {
        let server = try TestServer.withAuth()
        let op = try await server.issueToken(user: "olga", role: "operator")
        let ap = try await server.issueToken(user: "abe", role: "approver")
        try await server.test { client async throws in
            let created = try await client.execute(uri: "/api/v2/silences", method: .post, headers: bearer(op.secret),
                                                   body: ByteBuffer(string: Self.silence))
            let id = try #require((try created.json() as? [String: String])?["silenceID"])
            #expect(try await client.execute(uri: "/api/v2/silence/\(id)", method: .delete, headers: bearer(ap.secret)).status == .ok)
            #expect(try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .put, headers: bearer(ap.secret),
                                             body: ByteBuffer(string: #"{"muted":true}"#)).status == .ok)
            let entries = try #require(try await client.execute(uri: "/api/vigil/v1/audit?limit=3", method: .get,
                                                                headers: bearer(op.secret)).json() as? [[String: Any]])
            #expect(entries.map { $0["action"] as? String } == ["silence.create", "silence.expire", "notifications.kill_switch"])
            #expect(entries.map { $0["actor"] as? String } == [
                "olga (token \(op.token.id))", "abe (token \(ap.token.id))", "abe (token \(ap.token.id))",
            ])
            #expect((entries[0]["details"] as? String)?.contains(#""createdBy":"me""#) == true, "the body's author is kept as data")
        }
    }

    @Test func incidentsActAsThePrincipalNotTheBodysUser() async throws {
        let server = try TestServer.withAuth()
        let op = try await server.issueToken(user: "olga", role: "operator")
        try await server.test { client async throws in
            let open = #"{"title":"DB down","severity":"critical"}"#
            let opened = try await client.execute(uri: "/api/vigil/v1/incidents", method: .post, headers: bearer(op.secret),
                                                  body: ByteBuffer(string: open))
            #expect(opened.status == .created, "\(opened.text)")
            let spoof = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1/ack", method: .post, headers: bearer(op.secret),
                                                 body: ByteBuffer(string: #"{"user":"mallory"}"#))
            #expect(spoof.status == .badRequest)
            #expect(spoof.errorMessage == #"user: the acting user is the authenticated one ("olga"); omit the field"#)
            let entries = try #require(try await client.execute(uri: "/api/vigil/v1/audit?action=incident.open", method: .get,
                                                                headers: bearer(op.secret)).json() as? [[String: Any]])
            #expect(entries.map { $0["actor"] as? String } == ["olga"])
        }
    }

    @Test func basicSignInWorksAndRepeatedFailuresLockOut() async throws {
        let server = try TestServer.withAuth()
        _ = try await server.addUser("pat", role: "viewer", password: "s3cret")
        try await server.test { client async throws in
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: basic("pat", "s3cret")).status == .ok)
            for _ in 0..<5 {
                let wrong = try await client.execute(uri: "/api/v2/alerts", method: .get, headers: basic("pat", "guess"))
                #expect(wrong.status == .unauthorized)
                #expect(wrong.errorMessage == "invalid user name or password")
            }
            let locked = try await client.execute(uri: "/api/v2/alerts", method: .get, headers: basic("pat", "s3cret"))
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] == "900")
        }
        let ledger = try await Persistence.LedgerRepository(database: server.server.database).entries()
        #expect(ledger.filter { $0.action == "auth.lockout" }.map(\.target) == ["pat"])
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
