import Foundation
import Governance
import GRDB
import VigilCore

/// What checking a session cookie found.
public struct SessionSignIn: Sendable {
    public var principal: Principal
    public var session: Session
    /// The token the request carried (its CSRF token is the one the client holds).
    public var presented: TokenSecret
    /// The session's token now: `presented`, or its replacement when this request rotated the
    /// session (the caller sends the new cookie).
    public var secret: TokenSecret
    public var rotated: Bool { presented != secret }
}

extension SQLiteAccessRepository {
    /// Opens a session for a user who has just signed in, valid for `ttl` seconds. The token
    /// presented with the sign-in, if any, is rotated away (same user) or revoked (another user),
    /// so the cookie changes on every sign-in. Expired sessions are deleted on the way.
    public func createSession(for principal: Principal, ttl: TimeInterval, replacing presented: String?,
                              address: String) async throws -> SessionSignIn {
        let now = clock.now()
        let secret = TokenSecret.generate(prefix: TokenSecret.sessionPrefix)
        let session = Session(id: makeID(), userID: principal.user.id, createdAt: now, lastSeenAt: now, expiresAt: now + ttl)
        let previous = presented.flatMap { try? TokenSecret(parsing: $0, prefix: TokenSecret.sessionPrefix) }
        let actor = principal.user.name
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expiresAt <= ?", arguments: [millis(now)])
            var details: [String: AuditValue] = ["user": .string(session.userID), "address": .string(address)]
            if let previous, let old = try Self.fetchSession(db, hash: previous.hash), old.rotatedAt == nil, old.revokedAt == nil {
                let column = old.userID == session.userID ? "rotatedAt" : "revokedAt"
                try db.execute(sql: "UPDATE session SET \(column) = ? WHERE id = ?", arguments: [millis(now), old.id])
                details["replaces"] = .string(old.id)
            }
            try Self.insert(session, hash: secret.hash, in: db)
            try LedgerRepository.append(AuditEvent(time: now, actor: actor, action: "session.create", target: session.id,
                                                   details: .object(details)), in: db)
        }
        return SessionSignIn(principal: principal, session: session, presented: secret, secret: secret)
    }

    /// Checks the `vigil_session` cookie's token and returns who is calling. A session whose
    /// user's privileges changed gets a new token here (`rotated`). A token that had been
    /// replaced revokes every session of its user, ledgered as `auth.session_hijack`.
    /// - Throws: `AuthError` naming why: malformed, unknown (forged), reused, revoked, expired,
    ///   user disabled.
    public func authenticate(session text: String, idleTimeout: TimeInterval) async throws -> SessionSignIn {
        let presented: TokenSecret
        do { presented = try TokenSecret(parsing: text, prefix: TokenSecret.sessionPrefix) } catch { throw AuthError.malformedSession }
        let now = clock.now()
        let found = try await database.writer.read { db -> (Session, User)? in
            guard let session = try Self.fetchSession(db, hash: presented.hash),
                  let user = try Self.fetchUser(db, id: session.userID) else { return nil }
            return (session, user)
        }
        guard let (session, user) = found else { throw AuthError.unknownSession }
        switch session.refusal(at: now, idleTimeout: idleTimeout) {
        case .sessionReused?:
            try await revokeSessions(userID: user.id, now: now, event: AuditEvent(
                time: now, actor: "system", action: "auth.session_hijack", target: user.name, details: ["session": .string(session.id)]))
            throw AuthError.sessionReused
        case let refusal?:
            throw refusal
        case nil:
            break
        }
        guard !user.disabled else { throw AuthError.userDisabled(name: user.name) }
        let principal = Principal(user: user, role: try effectiveRole(token: nil, user: user.role))
        if session.mustRotate {
            return try await rotate(session, presented: presented, principal: principal, now: now)
        }
        if now.timeIntervalSince(session.lastSeenAt) >= Self.lastUsedResolution {
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE session SET lastSeenAt = ? WHERE id = ?", arguments: [millis(now), session.id])
            }
        }
        return SessionSignIn(principal: principal, session: session, presented: presented, secret: presented)
    }

    /// Ends the session whose token is `text` (sign-out); unknown or ended sessions are left alone.
    public func revokeSession(_ text: String) async throws {
        guard let secret = try? TokenSecret(parsing: text, prefix: TokenSecret.sessionPrefix) else { return }
        let now = clock.now()
        try await database.writer.write { db in
            guard let session = try Self.fetchSession(db, hash: secret.hash), session.revokedAt == nil, session.rotatedAt == nil,
                  let user = try Self.fetchUser(db, id: session.userID) else { return }
            try db.execute(sql: "UPDATE session SET revokedAt = ? WHERE id = ?", arguments: [millis(now), session.id])
            try LedgerRepository.append(AuditEvent(time: now, actor: user.name, action: "session.revoke", target: session.id), in: db)
        }
    }

    /// A user's sessions, newest first.
    public func sessions(userID: String) async throws -> [Session] {
        try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM session WHERE userID = ? ORDER BY createdAt DESC, id",
                             arguments: [userID]).map(Self.session)
        }
    }

    private func rotate(_ old: Session, presented: TokenSecret, principal: Principal, now: Date) async throws -> SessionSignIn {
        let secret = TokenSecret.generate(prefix: TokenSecret.sessionPrefix)
        let session = Session(id: makeID(), userID: old.userID, createdAt: now, lastSeenAt: now, expiresAt: max(old.expiresAt, now + 1))
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE session SET rotatedAt = ? WHERE id = ? AND rotatedAt IS NULL", arguments: [millis(now), old.id])
            guard db.changesCount == 1 else { throw AuthError.sessionReused }  // a concurrent request rotated it first
            try Self.insert(session, hash: secret.hash, in: db)
            try LedgerRepository.append(AuditEvent(time: now, actor: principal.user.name, action: "session.rotate", target: session.id,
                                                   details: ["replaces": .string(old.id), "reason": .string("privilege change")]), in: db)
        }
        return SessionSignIn(principal: principal, session: session, presented: presented, secret: secret)
    }

    func revokeSessions(userID: String, now: Date, event: AuditEvent) async throws {
        try await database.writer.write { db in
            try Self.revokeSessions(userID: userID, now: now, in: db)
            try LedgerRepository.append(event, in: db)
        }
    }

    /// Revokes every live session of `userID` inside the caller's transaction.
    static func revokeSessions(userID: String, now: Date, in db: Database) throws {
        try db.execute(sql: "UPDATE session SET revokedAt = ? WHERE userID = ? AND revokedAt IS NULL",
                       arguments: [millis(now), userID])
    }

    static func insert(_ session: Session, hash: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO session (id, userID, hash, createdAt, lastSeenAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [session.id, session.userID, hash, millis(session.createdAt), millis(session.lastSeenAt),
                             millis(session.expiresAt)])
    }

    static func fetchSession(_ db: Database, hash: String) throws -> Session? {
        try Row.fetchOne(db, sql: "SELECT * FROM session WHERE hash = ?", arguments: [hash]).map(session)
    }

    static func session(_ row: Row) -> Session {
        let revoked: Int64? = row["revokedAt"], rotated: Int64? = row["rotatedAt"]
        return Session(id: row["id"], userID: row["userID"], createdAt: date(row["createdAt"]), lastSeenAt: date(row["lastSeenAt"]),
                       expiresAt: date(row["expiresAt"]), revokedAt: revoked.map(date), rotatedAt: rotated.map(date),
                       mustRotate: row["mustRotate"])
    }
}
