import Foundation
import Governance
import Hummingbird
import Persistence
import VigilCore

/// The `auth` settings in force and what checks a request's credentials against the state
/// database. Read on every request without an actor hop; swapped whole on reload.
public final class AccessControl: Sendable {
    /// What one request is checked with.
    struct Snapshot: Sendable {
        var config: AuthConfig
        var roles: RoleCatalog
        var access: SQLiteAccessRepository
    }

    private let current: Locked<Snapshot>
    private let database: SQLiteDatabase
    private let clock: any VigilCore.Clock
    private let hasher: PasswordHasher
    /// Password sign-ins (HTTP Basic) go through its throttle. It keeps the roles of the start;
    /// a role added by a reload is known to it after a restart.
    let gate: LoginGate

    init(config: VigilConfiguration, database: SQLiteDatabase, clock: any VigilCore.Clock) throws {
        self.database = database
        self.clock = clock
        hasher = try PasswordHasher()
        let snapshot = Snapshot(config: config.auth, roles: try config.roleCatalog(),
                                access: SQLiteAccessRepository(database: database, roles: try config.roleCatalog(), clock: clock,
                                                               hasher: hasher))
        current = Locked(snapshot)
        gate = LoginGate(access: snapshot.access, ledger: LedgerRepository(database: database), clock: clock)
    }

    /// The injected clock's now.
    func now() -> Date { clock.now() }

    /// The settings in force.
    var snapshot: Snapshot { current.value }

    /// The mode in force.
    public var mode: AuthConfig.Mode { current.value.config.mode }

    /// Users and tokens, with the roles in force.
    public var access: SQLiteAccessRepository { current.value.access }

    /// Installs the settings of a config that passed every other check.
    func apply(_ config: VigilConfiguration) throws {
        let roles = try config.roleCatalog()
        current.set(Snapshot(config: config.auth, roles: roles,
                             access: SQLiteAccessRepository(database: database, roles: roles, clock: clock, hasher: hasher)))
    }

    /// Who is calling `row`'s endpoint: the owner of the credentials sent, or an anonymous
    /// principal where `auth.compat` opens the endpoint, or nil (no credentials, not opened).
    /// - Throws: `AuthError` for credentials that are malformed or do not check out.
    func authenticate(_ header: String?, row: EndpointPermission, client: ClientAddress) async throws -> Principal? {
        let snapshot = current.value
        switch try Credentials(header: header) {
        case .bearer(let token):
            return try await snapshot.access.authenticate(bearer: token)
        case .basic(let name, let password):
            return try await gate.signIn(name: name, password: password, address: client.ip)
        case nil:
            guard row.surface.isCompatible else { return nil }
            let config = snapshot.config
            let name = config.anonymousRole ?? (client.isTrustedLoopback ? config.loopbackRole : nil)
            guard let name, let role = snapshot.roles.roles[name] else { return nil }
            return .anonymous(role: role, address: client.ip)
        }
    }
}
