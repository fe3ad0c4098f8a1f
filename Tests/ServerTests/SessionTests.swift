import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Server
import Testing
import VigilTestSupport

/// Session cookies that must not get in, through the router: forged, malformed, oversize,
/// expired, revoked, a disabled user, and hostile user names.
@Suite struct SessionTests {
    @Test("bad cookies get 401 naming why", arguments: [
        ("vigils_" + String(repeating: "A", count: 43), "unknown session; sign in again"),
        ("abc' OR 1=1 --", "malformed session cookie"),
        ("vigil_" + String(repeating: "A", count: 43), "malformed session cookie"),  // an API token is not a session
        ("vigils_" + String(repeating: "A", count: 8000), "malformed session cookie"),
        ("", "malformed session cookie"),
    ])
    func badCookie(value: String, message: String) async throws {
        let server = try TestServer.withAuth()
        try await server.test { client async throws in
            let response = try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .get,
                                                    headers: [.cookie: "vigil_session=\(value)"])
            #expect(response.status == .unauthorized)
            #expect(response.errorMessage == message)
        }
    }

    @Test("sessions end", arguments: [
        (43_200.0, "session expired; sign in again" as String?),  // ttl 12h
        (3_600.0, "session expired; sign in again"),  // idle 1h
        (3_599.0, nil),
    ])
    func expiry(after: TimeInterval, message: String?) async throws {
        let server = try TestServer.withAuth()
        _ = try await server.addUser("pat", role: "viewer", password: "s3cret")
        try await server.test { client async throws in
            let token = try #require(try await SessionLiveTests.login(client, "pat", "s3cret").1)
            server.clock.advance(by: after)
            let response = try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .get, headers: SessionLiveTests.session(token))
            #expect(response.errorMessage == message)
            #expect(response.status == (message == nil ? .ok : .unauthorized))
        }
    }

    @Test func aDisabledUserCannotSignInAndTheirSessionsEnd() async throws {
        let server = try TestServer.withAuth()
        let pat = try await server.addUser("pat", role: "viewer", password: "s3cret")
        try await server.test { client async throws in
            let token = try #require(try await SessionLiveTests.login(client, "pat", "s3cret").1)
            try await server.server.accessControl.access.setDisabled(userID: pat.id, true, by: "test")
            let session = try await client.execute(uri: "/api/v2/alerts", method: .get, headers: SessionLiveTests.session(token))
            #expect(session.errorMessage == "session has been revoked; sign in again")
            let (login, cookie) = try await SessionLiveTests.login(client, "pat", "s3cret")
            #expect(login.status == .unauthorized)
            #expect(login.errorMessage == #"user "pat" is disabled"#)
            #expect(cookie == nil)
        }
    }

    @Test("user names with SQL and control characters are stored and matched verbatim", arguments: [
        "o'brien; DROP TABLE user; --", "tab\there", "\u{1B}[31mred", "名前",
    ])
    func hostileNames(name: String) async throws {
        let server = try TestServer.withAuth()
        _ = try await server.addUser(name, role: "viewer", password: "s3cret")
        try await server.test { client async throws in
            let body = try JSONEncoder().encode(["username": name, "password": "s3cret"])
            let response = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/json"],
                                                    body: ByteBuffer(bytes: body))
            #expect(response.status == .ok)
            #expect((try response.json() as? [String: String])?["user"] == name)
            let prefix = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/json"],
                                                  body: ByteBuffer(string: #"{"username":"o' OR '1'='1","password":"s3cret"}"#))
            #expect(prefix.status == .unauthorized)
        }
        #expect(try await server.server.accessControl.access.users().map(\.name) == [name])
    }

    @Test("sign-in bodies that are not a name and password get 400", arguments: [
        ("application/json", #"{"username":"pat"}"#), ("application/json", "not json"), ("application/x-www-form-urlencoded", "password=x"),
    ])
    func badBodies(type: String, body: String) async throws {
        let server = try TestServer.withAuth()
        try await server.test { client async throws in
            let response = try await client.execute(uri: "/login", method: .post, headers: [.contentType: type], body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(response.errorMessage == "expected username and password, as a form or JSON")
        }
    }
}
