import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// State changes made through the API leave hash-chained ledger entries.
@Suite struct AuditTrailTests {
    @Test func silencesAndTheKillSwitchAreLedgered() async throws {
        let server = try TestServer()
        try await server.test { client in
            let created = try await postJSON(client, "/api/v2/silences", SilencesAPITests.valid)
            let id = try #require((try created.json() as? [String: String])?["silenceID"])
            _ = try await client.execute(uri: "/api/v2/silence/\(id)", method: .delete)
            _ = try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .put, body: ByteBuffer(string: #"{"muted":true}"#))
            let bad = try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .put, body: ByteBuffer(string: "{"))
            #expect(bad.status == .badRequest)

            let entries = try #require(try await client.execute(uri: "/api/vigil/v1/audit", method: .get).json() as? [[String: Any]])
            #expect(entries.map { $0["action"] as? String } == ["silence.create", "silence.expire", "notifications.kill_switch"])
            #expect(entries.map { $0["actor"] as? String } == ["me", "api", "api"])
            #expect(entries.map { $0["target"] as? String } == [id, id, "notifications"])
            #expect(entries[1]["prevHash"] as? String == entries[0]["hash"] as? String)
            let onlyExpire = try #require(try await client.execute(uri: "/api/vigil/v1/audit?action=silence.expire", method: .get)
                .json() as? [[String: Any]])
            #expect(onlyExpire.count == 1)

            let verify = try await client.execute(uri: "/api/vigil/v1/audit/verify", method: .get)
            #expect(verify.status == .ok)
            let result = try #require(try verify.json() as? [String: Any])
            #expect(result["valid"] as? Bool == true)
            #expect(result["entries"] as? Int == 3)
        }
    }
}
