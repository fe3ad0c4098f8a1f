import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
@testable import Server
import Testing
import VigilTestSupport

/// Bearer tokens are looked up once per second per token, not once per request.
@Suite struct VerifiedTokenCacheTests {
    actor Lookups {
        var count = 0
        func add() { count += 1 }
    }

    @Test func aVerifiedTokenIsTrustedForTheTTLAndFailuresAreNotKept() async throws {
        let cache = VerifiedTokenCache(ttl: 1)
        let lookups = Lookups()
        let secret = TokenSecret.generate()
        let principal = Principal(user: User(id: "u1", name: "alice", role: "operator", createdAt: epoch), role: try RoleCatalog().role(named: "operator"))
        for offset in [0, 0.5, 0.999, 1, 1.5] {
            let found = try await cache.principal(for: secret, at: epoch + offset) { await lookups.add(); return principal }
            #expect(found == principal)
        }
        #expect(await lookups.count == 2)  // at 0 and at 1

        let forged = TokenSecret.generate()
        for _ in 0..<2 {
            await #expect(throws: AuthError.unknownToken) {
                try await cache.principal(for: forged, at: epoch) { await lookups.add(); throw AuthError.unknownToken }
            }
        }
        #expect(await lookups.count == 4)
    }

    @Test func aRevokedTokenStopsWorkingWithinASecond() async throws {
        let server = try TestServer.withAuth()
        let issued = try await server.issueToken(user: "rita", role: "operator")
        try await server.test { client async throws in
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: bearer(issued.secret)).status == .ok)
            // As `vigil token revoke` does, from outside the server's process.
            try await server.server.accessControl.access.revokeToken(id: issued.token.id, by: "test")
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: bearer(issued.secret)).status == .ok)
            server.clock.advance(by: 1)
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get, headers: bearer(issued.secret)).status == .unauthorized)
        }
    }
}

private let epoch = Date(timeIntervalSince1970: 1_700_000_000)
