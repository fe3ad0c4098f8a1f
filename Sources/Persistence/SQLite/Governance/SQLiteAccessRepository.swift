import Foundation
import Governance
import GRDB
import VigilCore

/// Users and API tokens in SQLite. Every creation, change, revocation and disable writes an
/// audit ledger entry in the same transaction; reads and authentication do not.
public struct SQLiteAccessRepository: Sendable {
    let database: SQLiteDatabase
    let roles: RoleCatalog
    let clock: any VigilCore.Clock
    let hasher: PasswordHasher
    let makeID: @Sendable () -> String

    /// - Parameters:
    ///   - roles: the roles users and tokens may name.
    ///   - hasher: password hashing parameters (the default cost unless a test lowers it).
    public init(database: SQLiteDatabase, roles: RoleCatalog, clock: any VigilCore.Clock, hasher: PasswordHasher,
                makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.database = database
        self.roles = roles
        self.clock = clock
        self.hasher = hasher
        self.makeID = makeID
    }

    /// Creates a user with `role` and, optionally, a password; `actor` is who did it.
    public func createUser(name: String, role: String, password: String?, by actor: String) async throws -> User {
        guard !name.isEmpty else { throw AccessError.emptyName }
        try StoredText.check(name, field: "user name")
        _ = try roles.role(named: role)
        let passwordHash = try password.map { try hasher.hash($0) }  // slow: outside the write lock
        let user = User(id: makeID(), name: name, role: role, createdAt: clock.now())
        let event = AuditEvent(time: user.createdAt, actor: actor, action: "user.create", target: user.id,
                               details: ["name": .string(name), "role": .string(role), "password": .bool(password != nil)])
        try await database.writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE name = ?", arguments: [name]) == true {
                throw AccessError.duplicateUser(name)
            }
            try db.execute(sql: "INSERT INTO user (id, name, role, passwordHash, disabled, createdAt) VALUES (?, ?, ?, ?, 0, ?)",
                           arguments: [user.id, name, role, passwordHash, millis(user.createdAt)])
            try LedgerRepository.append(event, in: db)
        }
        return user
    }

    /// Replaces a user's password and ends their sessions.
    public func setPassword(userID: String, password: String, by actor: String) async throws {
        let passwordHash = try hasher.hash(password)
        let now = clock.now()
        try await change(userID, action: "user.password", by: actor, details: [:]) { db in
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [passwordHash, userID])
            try Self.revokeSessions(userID: userID, now: now, in: db)
        }
    }

    /// Gives a user another role; their tokens are capped by it from the next request on, and
    /// each of their sessions gets a new token at its next request.
    public func setRole(userID: String, role: String, by actor: String) async throws {
        _ = try roles.role(named: role)
        try await change(userID, action: "user.role", by: actor, details: ["role": .string(role)]) { db in
            try db.execute(sql: "UPDATE user SET role = ? WHERE id = ?", arguments: [role, userID])
            try db.execute(sql: "UPDATE session SET mustRotate = 1 WHERE userID = ? AND revokedAt IS NULL AND rotatedAt IS NULL",
                           arguments: [userID])
        }
    }

    /// Disables (or re-enables) a user: they cannot sign in, all their tokens fail, their sessions end.
    public func setDisabled(userID: String, _ disabled: Bool, by actor: String) async throws {
        let now = clock.now()
        try await change(userID, action: disabled ? "user.disable" : "user.enable", by: actor, details: [:]) { db in
            try db.execute(sql: "UPDATE user SET disabled = ? WHERE id = ?", arguments: [disabled, userID])
            if disabled { try Self.revokeSessions(userID: userID, now: now, in: db) }
        }
    }

    private func change(_ userID: String, action: String, by actor: String, details: AuditValue,
                        _ update: @escaping @Sendable (Database) throws -> Void) async throws {
        let event = AuditEvent(time: clock.now(), actor: actor, action: action, target: userID, details: details)
        try await database.writer.write { db in
            guard try Self.fetchUser(db, id: userID) != nil else { throw AccessError.userNotFound(userID) }
            try update(db)
            try LedgerRepository.append(event, in: db)
        }
    }

    /// The user with `id`, nil if none.
    public func user(id: String) async throws -> User? {
        try await database.writer.read { db in try Self.fetchUser(db, id: id) }
    }

    /// The user named `name`, nil if none.
    public func user(named name: String) async throws -> User? {
        try await database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]).map(Self.user)
        }
    }

    /// All users, by name.
    public func users() async throws -> [User] {
        try await database.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY name").map(Self.user) }
    }

    static func fetchUser(_ db: Database, id: String) throws -> User? {
        try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id]).map(user)
    }

    static func user(_ row: Row) -> User {
        User(id: row["id"], name: row["name"], role: row["role"], disabled: row["disabled"], createdAt: date(row["createdAt"]))
    }
}

func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

/// A user or token operation that cannot be done.
public enum AccessError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptyName
    case duplicateUser(String)
    case userNotFound(String)
    case tokenNotFound(String)
    case tokenAlreadyRevoked(String)
    case expiryNotInFuture

    public var description: String {
        switch self {
        case .emptyName: "user name must not be empty"
        case .duplicateUser(let name): "a user named \(Self.quote(name)) already exists"
        case .userNotFound(let id): "user \(Self.quote(id)) not found"
        case .tokenNotFound(let id): "API token \(Self.quote(id)) not found"
        case .tokenAlreadyRevoked(let id): "API token \(Self.quote(id)) is already revoked"
        case .expiryNotInFuture: "token expiry must be in the future"
        }
    }

    private static func quote(_ text: String) -> String { AuditValue.string(text).canonicalText }
}
