import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

@Suite struct OperationsAPITests {
    static let withSecrets = """
        global:
          smtp_smarthost: 127.0.0.1:25
          smtp_from: vigil@example.org
          smtp_auth_password: hunter2-smtp
          slack_api_url: https://hooks.example.org/services/T0/B0/slack-token-xyz
        route: {receiver: all}
        receivers:
        - name: all
          webhook_configs: [{url: 'http://127.0.0.1:1/hook?token=webhook-token-abc'}]
          pagerduty_configs: [{routing_key: pd-routing-key-123}]
          email_configs: [{to: a@example.org, auth_password: email-password-456}]
          slack_configs: [{channel: '#x'}]
        audit:
          anchor: {url: 'http://127.0.0.1:1/anchor?token=anchor-url-token', bearer_token: anchor-bearer-789, headers: {X-Key: anchor-header-012}}
        """

    @Test func statusNeverShowsSecrets() async throws {
        let server = try TestServer(configYAML: Self.withSecrets)
        try await server.test { client in
            let status = try await client.execute(uri: "/api/v2/status", method: .get)
            #expect(status.status == .ok)
            for secret in ["hunter2-smtp", "slack-token-xyz", "webhook-token-abc", "pd-routing-key-123", "email-password-456",
                           "anchor-url-token", "anchor-bearer-789", "anchor-header-012"] {
                #expect(!status.text.contains(secret), "\(secret) leaked")
            }
            #expect(status.text.contains("<secret>"))
            let receivers = try await client.execute(uri: "/api/v2/receivers", method: .get)
            #expect(receivers.text == #"[{"name":"all"}]"#)
        }
    }

    @Test func healthAndMetrics() async throws {
        let server = try TestServer()
        try await server.test { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            let body = try #require(try health.json() as? [String: Any])
            #expect(body["status"] as? String == "up")
            #expect((body["components"] as? [String: Any])?["database"] != nil)
            _ = try await postJSON(client, "/api/v2/alerts", #"[{"labels":{"alertname":"A"}}]"#)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("vigil_alerts 1"), "\(metrics.text)")
        }
    }

    @Test func killSwitchFlipsAndReports() async throws {
        let server = try TestServer()
        try await server.test { client in
            let on = try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .put, body: ByteBuffer(string: #"{"muted":true}"#))
            #expect(on.text == #"{"muted":true}"#)
            #expect(try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .get).text == #"{"muted":true}"#)
            let bad = try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .put, body: ByteBuffer(string: #"{"muted":"yes"}"#))
            #expect(bad.status == .badRequest)
            #expect(try await client.execute(uri: "/api/vigil/v1/kill-switch", method: .get).text == #"{"muted":true}"#)
        }
    }
}
