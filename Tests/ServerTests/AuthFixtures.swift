import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Server
import VigilTestSupport

/// A server with `auth.mode: token` and helpers issuing users and tokens in its database.
extension TestServer {
    static func withAuth(_ auth: AuthConfig = AuthConfig(), configYAML: String? = nil) throws -> TestServer {
        try TestServer(configYAML: configYAML, auth: auth)
    }

    /// Creates user `name` with `role` (no password) and a token scoped to `tokenRole` (the user's role by default).
    func issueToken(user name: String, role: String, tokenRole: String? = nil, expiresAt: Date? = nil)
        async throws -> (user: User, token: APIToken, secret: String) {
        let access = server.accessControl.access
        var user = try await access.user(named: name)
        if user == nil { user = try await access.createUser(name: name, role: role, password: nil, by: "test") }
        guard let user else { preconditionFailure("BUG: user was just created") }
        let (token, secret) = try await access.createToken(userID: user.id, name: "test", role: tokenRole ?? role,
                                                           expiresAt: expiresAt, by: "test")
        return (user, token, secret.text)
    }

    /// Creates user `name` with a password, hashed at the lowest accepted cost.
    func addUser(_ name: String, role: String, password: String) async throws -> User {
        let fast = SQLiteAccessRepository(database: server.database, roles: try RoleCatalog(), clock: clock,
                                          hasher: try PasswordHasher(iterations: PasswordHasher.minimumIterations))
        return try await fast.createUser(name: name, role: role, password: password, by: "test")
    }
}

func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)", .contentType: "application/json"] }

func basic(_ name: String, _ password: String) -> HTTPFields {
    [.authorization: "Basic " + Data("\(name):\(password)".utf8).base64EncodedString()]
}

extension TestResponse {
    /// The message of a Hummingbird `HTTPError` body (`{"error":{"message":…}}`).
    var errorMessage: String? {
        ((try? json()) as? [String: [String: String]])?["error"]?["message"]
    }
}
