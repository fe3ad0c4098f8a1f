import Foundation
import Governance
import GRDB
import VigilCore

extension SQLiteAccessRepository {
    /// Issues a token for `userID` scoped to `role`. The returned secret is the only copy:
    /// only its SHA-256 is stored.
    public func createToken(userID: String, name: String, role: String, expiresAt: Date?,
                            by actor: String) async throws -> (APIToken, TokenSecret) {
        _ = try roles.role(named: role)
        try StoredText.check(name, field: "token name")
        let now = clock.now()
        if let expiresAt, expiresAt <= now { throw AccessError.expiryNotInFuture }
        let secret = TokenSecret.generate()
        let token = APIToken(id: makeID(), userID: userID, name: name, role: role, createdAt: now, expiresAt: expiresAt)
        var details: [String: AuditValue] = ["user": .string(userID), "name": .string(name), "role": .string(role)]
        details["expiresAt"] = expiresAt.map { .int(millis($0)) } ?? .null
        let event = AuditEvent(time: now, actor: actor, action: "token.create", target: token.id, details: .object(details))
        try await database.writer.write { db in
            guard try Self.fetchUser(db, id: userID) != nil else { throw AccessError.userNotFound(userID) }
            try db.execute(sql: """
                INSERT INTO apiToken (id, userID, name, role, hash, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [token.id, userID, name, role, secret.hash, millis(now), expiresAt.map(millis)])
            try LedgerRepository.append(event, in: db)
        }
        return (token, secret)
    }

    /// Revokes a token from now on.
    public func revokeToken(id: String, by actor: String) async throws {
        let now = clock.now()
        let event = AuditEvent(time: now, actor: actor, action: "token.revoke", target: id)
        try await database.writer.write { db in
            guard let token = try Self.fetchToken(db, id: id) else { throw AccessError.tokenNotFound(id) }
            guard token.revokedAt == nil else { throw AccessError.tokenAlreadyRevoked(id) }
            try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE id = ?", arguments: [millis(now), id])
            try LedgerRepository.append(event, in: db)
        }
    }

    /// The tokens of a user, newest first (metadata only; secrets are not stored).
    public func tokens(userID: String) async throws -> [APIToken] {
        try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM apiToken WHERE userID = ? ORDER BY createdAt DESC, id",
                             arguments: [userID]).map(Self.token)
        }
    }

    static func fetchToken(_ db: Database, id: String) throws -> APIToken? {
        try Row.fetchOne(db, sql: "SELECT * FROM apiToken WHERE id = ?", arguments: [id]).map(token)
    }

    static func token(_ row: Row) -> APIToken {
        let expires: Int64? = row["expiresAt"], revoked: Int64? = row["revokedAt"], used: Int64? = row["lastUsedAt"]
        return APIToken(id: row["id"], userID: row["userID"], name: row["name"], role: row["role"],
                        createdAt: date(row["createdAt"]), expiresAt: expires.map(date), revokedAt: revoked.map(date),
                        lastUsedAt: used.map(date))
    }
}
