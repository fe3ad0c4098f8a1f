import Foundation
import Governance
import GRDB
import VigilCore

extension SQLiteAccessRepository {
    /// `lastUsedAt` is written at most this often per token, so reads do not all become writes.
    static let lastUsedResolution: TimeInterval = 60

    /// Checks `Authorization: Bearer <token>` text and returns who is calling, with the
    /// permissions of both the token's role and the user's current role.
    /// - Throws: `AuthError` naming why: malformed, unknown (forged), expired, revoked, user disabled.
    public func authenticate(bearer: String) async throws -> Principal {
        let secret = try TokenSecret(parsing: bearer)
        let now = clock.now()
        let found = try await database.writer.read { db -> (APIToken, User)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM apiToken WHERE hash = ?", arguments: [secret.hash]),
                  let user = try Self.fetchUser(db, id: row["userID"]) else { return nil }
            return (Self.token(row), user)
        }
        guard let (token, user) = found else { throw AuthError.unknownToken }
        if let refusal = token.refusal(at: now) { throw refusal }
        guard !user.disabled else { throw AuthError.userDisabled(name: user.name) }
        let principal = Principal(user: user, role: try effectiveRole(token: token.role, user: user.role), tokenID: token.id)
        if token.lastUsedAt.map({ now.timeIntervalSince($0) >= Self.lastUsedResolution }) ?? true {
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE apiToken SET lastUsedAt = ? WHERE id = ?", arguments: [millis(now), token.id])
            }
        }
        return principal
    }

    /// Checks a user name and password. The caller applies `LoginThrottle` around it.
    /// - Throws: `AuthError.invalidCredentials` for an unknown user, a user without a password, or a
    ///   wrong password (indistinguishable, and an unknown user costs a hash too);
    ///   `.userDisabled` only after the password was right.
    public func authenticate(name: String, password: String) async throws -> Principal {
        let found = try await database.writer.read { db -> (User, String?)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]) else { return nil }
            return (Self.user(row), row["passwordHash"])
        }
        guard let (user, stored) = found, let stored else {
            _ = try? PasswordHasher.verify(password, against: decoyHash)
            throw AuthError.invalidCredentials
        }
        guard try PasswordHasher.verify(password, against: stored) else { throw AuthError.invalidCredentials }
        guard !user.disabled else { throw AuthError.userDisabled(name: user.name) }
        return Principal(user: user, role: try effectiveRole(token: nil, user: user.role))
    }

    /// The user a trusted reverse proxy has signed in (`auth.proxy_header`), with their role.
    /// - Throws: `AuthError.unknownProxyUser` when nobody has that name, `.userDisabled`.
    public func authenticate(proxyUser name: String) async throws -> Principal {
        guard let user = try await user(named: name) else { throw AuthError.unknownProxyUser(name) }
        guard !user.disabled else { throw AuthError.userDisabled(name: user.name) }
        return Principal(user: user, role: try effectiveRole(token: nil, user: user.role))
    }

    func effectiveRole(token tokenRole: String?, user userRole: String) throws(AuthError) -> Role {
        do {
            let user = try roles.role(named: userRole)
            guard let tokenRole else { return user }
            let token = try roles.role(named: tokenRole)
            return Role(name: token.name, permissions: token.permissions.intersection(user.permissions),
                        description: token.description)
        } catch {
            switch error {
            case .unknown(let name), .duplicate(let name): throw .unknownRole(name)
            }
        }
    }

    /// A well-formed hash of no one's password, checked for unknown users so they take as long.
    var decoyHash: String {
        "pbkdf2-sha256$\(hasher.iterations)$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    }
}
