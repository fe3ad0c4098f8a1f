import Foundation
import Governance
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Persistence
import VigilCore

/// The `auth` settings in force and what checks a request's credentials against the state
/// database. Read on every request without an actor hop; swapped whole on reload.
public final class AccessControl: Sendable {
    /// What one request is checked with. A class: every request reads it, and copying one
    /// reference out of the lock is cheaper than retaining each of a struct's fields.
    final class Snapshot: Sendable {
        let config: AuthConfig
        let roles: RoleCatalog
        let access: SQLiteAccessRepository
        /// Bearer tokens verified in the last second; new with every snapshot.
        let tokens = VerifiedTokenCache()

        init(config: AuthConfig, roles: RoleCatalog, access: SQLiteAccessRepository) {
            self.config = config
            self.roles = roles
            self.access = access
        }
    }

    private let current: Locked<Snapshot>
    private let database: SQLiteDatabase
    private let clock: any VigilCore.Clock
    private let hasher: PasswordHasher
    /// Password sign-ins (HTTP Basic, `POST /login`) go through its throttle. It keeps the roles
    /// of the start; a role added by a reload is known to it after a restart.
    let gate: LoginGate
    let metrics: AuthMetrics

    init(config: VigilConfiguration, database: SQLiteDatabase, clock: any VigilCore.Clock, metrics: AuthMetrics) throws {
        self.database = database
        self.clock = clock
        self.metrics = metrics
        hasher = try PasswordHasher()
        let snapshot = Snapshot(config: config.auth, roles: try config.roleCatalog(),
                                access: SQLiteAccessRepository(database: database, roles: try config.roleCatalog(), clock: clock,
                                                               hasher: hasher))
        current = Locked(snapshot)
        gate = LoginGate(access: snapshot.access, ledger: LedgerRepository(database: database), clock: clock,
                         policy: config.auth.login.policy, events: metrics)
    }

    /// The injected clock's now.
    func now() -> Date { clock.now() }

    /// The settings in force.
    var snapshot: Snapshot { current.value }

    /// Whether session cookies are marked `Secure`.
    var secureCookie: Bool { current.value.config.session.secureCookie }

    /// The mode in force.
    public var mode: AuthConfig.Mode { current.value.config.mode }

    /// Users and tokens, with the roles in force.
    public var access: SQLiteAccessRepository { current.value.access }

    /// Installs the settings of a config that passed every other check.
    func apply(_ config: VigilConfiguration) async throws {
        let roles = try config.roleCatalog()
        current.set(Snapshot(config: config.auth, roles: roles,
                             access: SQLiteAccessRepository(database: database, roles: roles, clock: clock, hasher: hasher)))
        await gate.apply(config.auth.login.policy)
    }

    /// Who is calling `row`'s endpoint, from the first credentials present: `Authorization`
    /// (Bearer, Basic), the session cookie, the trusted proxy's header; else an anonymous
    /// principal where `auth.compat` opens the endpoint, or nil (no credentials, not opened).
    /// `peer`'s address is only worked out where it matters: a bearer token does not need it.
    /// - Throws: `AuthError` for credentials that are malformed or do not check out.
    func authenticate(_ headers: HTTPFields, row: EndpointPermission, peer: SocketAddress?,
                      logger: Logger) async throws -> Authentication? {
        let snapshot = current.value
        switch try Credentials(header: Self.authorization(in: headers)) {
        case .bearer(let token):
            let principal = try await snapshot.tokens.principal(for: try TokenSecret(parsing: token), at: clock.now()) {
                try await snapshot.access.authenticate(bearer: token)
            }
            return Authentication(principal: principal)
        case .basic(let name, let password):
            let address = ClientAddress(peer: peer, headers: headers).ip
            return Authentication(principal: try await gate.signIn(name: name, password: password, address: address))
        case nil:
            break
        }
        if let cookie = SessionCookie.value(SessionCookie.session, in: headers) {
            let session = try await authenticate(session: cookie)
            return Authentication(principal: session.principal, session: session)
        }
        let client = ClientAddress(peer: peer, headers: headers)
        let config = snapshot.config
        if let header = config.proxyHeader.flatMap({ HTTPField.Name($0) }), let name = headers[header] {
            if config.trustedProxies.contains(where: { $0.contains(client.ip) }) {
                return Authentication(principal: try await snapshot.access.authenticate(proxyUser: name))
            }
            metrics.proxyHeaderIgnored()
            logger.warning("proxy header from an untrusted address ignored",
                           metadata: ["auth.header": "\(header)", "client.address": "\(client.ip)"])
        }
        guard row.surface.isCompatible else { return nil }
        let name = config.anonymousRole ?? (client.isTrustedLoopback ? config.loopbackRole : nil)
        guard let name, let role = snapshot.roles.roles[name] else { return nil }
        return Authentication(principal: .anonymous(role: role, address: client.ip))
    }

    /// The `Authorization` value: the one field's own string, without `headers[...]` joining
    /// (a copy per request); several fields are joined with ", " as `headers[...]` does.
    private static func authorization(in headers: HTTPFields) -> String? {
        var found: String?
        for field in headers where field.name == .authorization {
            guard found == nil else { return headers[.authorization] }
            found = field.value
        }
        return found
    }

    /// Checks a session cookie; a reused (rotated) token is counted as a hijack.
    func authenticate(session cookie: String) async throws -> SessionSignIn {
        let snapshot = current.value
        do {
            return try await snapshot.access.authenticate(session: cookie, idleTimeout: snapshot.config.session.idleTimeout.seconds)
        } catch AuthError.sessionReused {
            metrics.sessionHijacked()
            throw AuthError.sessionReused
        }
    }
}
