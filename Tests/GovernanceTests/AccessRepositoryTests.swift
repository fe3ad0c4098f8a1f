import Foundation
import GRDB
import Governance
import Persistence
import Testing
import VigilTestSupport

/// Users and tokens: every change ledgered; every bad token refused with its reason.
@Suite struct AccessRepositoryTests {
    struct Setup {
        let db: TestDatabase
        let clock = ManualClock(t0)
        let access: SQLiteAccessRepository
        init() throws {
            db = try TestDatabase()
            access = SQLiteAccessRepository(database: db.database, roles: try RoleCatalog(), clock: clock, hasher: fastHasher)
        }
    }

    @Test func aTokenAuthenticatesWithTheNarrowerOfItsRoleAndItsUsersRole() async throws {
        let s = try Setup()
        let user = try await s.access.createUser(name: "olga", role: "operator", password: nil, by: "admin")
        let (token, secret) = try await s.access.createToken(userID: user.id, name: "ci", role: "admin", expiresAt: nil, by: "admin")
        #expect(secret.text.hasPrefix("vigil_") && secret.text.count == 49)
        let principal = try await s.access.authenticate(bearer: secret.text)
        #expect(principal.user == user)
        #expect(principal.tokenID == token.id)
        #expect(principal.role.permissions == Role.operator.permissions)  // admin token, operator user
        #expect(!principal.allows(.usersManage))
        #expect(try await s.access.tokens(userID: user.id).first?.lastUsedAt == t0)
        let actions = try await s.db.ledger.entries().map(\.action)
        #expect(actions == ["user.create", "token.create"])
        // Only the hash is stored.
        let stored = try s.db.raw { try String.fetchAll($0, sql: "SELECT hash FROM apiToken") }
        #expect(stored == [secret.hash])
        #expect(!(try s.db.raw { try String.fetchAll($0, sql: "SELECT details FROM auditLedger") }.joined().contains(secret.text)))
    }

    enum BadToken: String, CaseIterable { case malformed, wrongPrefix, forged, expired, revoked, disabledUser, sqlInjection }

    @Test("bad tokens are refused with the reason", arguments: BadToken.allCases)
    func badTokens(_ bad: BadToken) async throws {
        let s = try Setup()
        let user = try await s.access.createUser(name: "vic", role: "viewer", password: nil, by: "admin")
        let (token, secret) = try await s.access.createToken(
            userID: user.id, name: "t", role: "viewer", expiresAt: t0.addingTimeInterval(3600), by: "admin")
        var presented = secret.text
        let expected: AuthError
        switch bad {
        case .malformed:
            presented = String(secret.text.dropLast())
            expected = .malformedToken
        case .wrongPrefix:
            presented = "other_" + secret.text.dropFirst(6)
            expected = .malformedToken
        case .forged:
            presented = TokenSecret.generate().text
            expected = .unknownToken
        case .expired:
            s.clock.advance(by: 3600)
            expected = .tokenExpired(id: token.id, at: t0.addingTimeInterval(3600))
        case .revoked:
            try await s.access.revokeToken(id: token.id, by: "admin")
            expected = .tokenRevoked(id: token.id)
        case .disabledUser:
            try await s.access.setDisabled(userID: user.id, true, by: "admin")
            expected = .userDisabled(name: "vic")
        case .sqlInjection:
            presented = "vigil_' OR '1'='1' --" + String(repeating: "a", count: 23)
            expected = .malformedToken
        }
        let error = await #expect(throws: AuthError.self) { try await s.access.authenticate(bearer: presented) }
        #expect(error == expected)
    }

    @Test func errorMessagesSayWhatAndNeverTheSecret() {
        #expect(AuthError.tokenRevoked(id: "t1").description == "API token t1 has been revoked")
        #expect(AuthError.tokenExpired(id: "t1", at: t0).description == "API token t1 expired at 2023-11-14T22:13:20Z")
        #expect(AuthError.userDisabled(name: "a\nb").description == #"user "a\u000ab" is disabled"#)
        #expect("\(TokenSecret.generate())" == "TokenSecret(redacted)")
    }

    @Test func passwordsCheckOutAndFailAlike() async throws {
        let s = try Setup()
        let user = try await s.access.createUser(name: "ann", role: "approver", password: "correct horse", by: "admin")
        #expect(try await s.access.authenticate(name: "ann", password: "correct horse").user == user)
        for (name, password) in [("ann", "wrong"), ("nobody", "correct horse"), ("ann", "")] {
            let error = await #expect(throws: AuthError.self) { try await s.access.authenticate(name: name, password: password) }
            #expect(error == .invalidCredentials)
        }
        try await s.access.setDisabled(userID: user.id, true, by: "admin")
        let error = await #expect(throws: AuthError.self) { try await s.access.authenticate(name: "ann", password: "correct horse") }
        #expect(error == .userDisabled(name: "ann"))
        try await s.access.setPassword(userID: user.id, password: "new one", by: "admin")
        try await s.access.setDisabled(userID: user.id, false, by: "admin")
        #expect(try await s.access.authenticate(name: "ann", password: "new one").user.id == user.id)
        let stored = try s.db.raw { try String.fetchOne($0, sql: "SELECT passwordHash FROM user") }
        #expect(stored?.hasPrefix("pbkdf2-sha256$210000$") == true)
        #expect(try await s.db.ledger.entries().map(\.action)
                == ["user.create", "user.disable", "user.password", "user.enable"])
    }

    @Test(arguments: hostileTexts.filter { !$0.isEmpty })
    func hostileNamesAreStoredVerbatim(_ text: String) async throws {
        let s = try Setup()
        let user = try await s.access.createUser(name: text, role: "viewer", password: nil, by: text)
        #expect(try await s.access.user(named: text) == user)
        let (token, _) = try await s.access.createToken(userID: user.id, name: text, role: "viewer", expiresAt: nil, by: text)
        #expect(try await s.access.tokens(userID: user.id) == [token])
        let entries = try await s.db.ledger.entries()
        #expect(entries.map(\.actor) == [text, text])
        #expect(try await s.db.ledger.verify().isValid)
    }

    @Test func refusedChangesWriteNothing() async throws {
        let s = try Setup()
        let user = try await s.access.createUser(name: "u", role: "viewer", password: nil, by: "admin")
        await #expect(throws: AccessError.duplicateUser("u")) {
            try await s.access.createUser(name: "u", role: "viewer", password: nil, by: "admin")
        }
        await #expect(throws: RoleError.unknown("root")) {
            try await s.access.createUser(name: "v", role: "root", password: nil, by: "admin")
        }
        await #expect(throws: AccessError.userNotFound("ghost")) {
            try await s.access.createToken(userID: "ghost", name: "t", role: "viewer", expiresAt: nil, by: "admin")
        }
        await #expect(throws: AccessError.expiryNotInFuture) {
            try await s.access.createToken(userID: user.id, name: "t", role: "viewer", expiresAt: t0, by: "admin")
        }
        await #expect(throws: AccessError.tokenNotFound("nope")) { try await s.access.revokeToken(id: "nope", by: "admin") }
        await #expect(throws: AccessError.userNotFound("ghost")) { try await s.access.setDisabled(userID: "ghost", true, by: "admin") }
        await #expect(throws: StoredTextError(field: "user name")) {
            try await s.access.createUser(name: "nul\u{0}", role: "viewer", password: nil, by: "admin")
        }
        await #expect(throws: StoredTextError(field: "token name")) {
            try await s.access.createToken(userID: user.id, name: "nul\u{0}", role: "viewer", expiresAt: nil, by: "admin")
        }
        #expect(try s.db.count("user") == 1)
        #expect(try s.db.count("apiToken") == 0)
        #expect(try s.db.count("auditLedger") == 1)
    }

    @Test func aRevokedTokenCannotBeRevokedTwice() async throws {
        let s = try Setup()
        let user = try await s.access.createUser(name: "u", role: "viewer", password: nil, by: "admin")
        let (token, _) = try await s.access.createToken(userID: user.id, name: "t", role: "viewer", expiresAt: nil, by: "admin")
        try await s.access.revokeToken(id: token.id, by: "admin")
        await #expect(throws: AccessError.tokenAlreadyRevoked(token.id)) { try await s.access.revokeToken(id: token.id, by: "admin") }
        #expect(try await s.db.ledger.entries().map(\.action) == ["user.create", "token.create", "token.revoke"])
    }
}
