import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

@Suite struct AlertsAPITests {
    @Test func postedAlertsAreListedWithDefaults() async throws {
        let server = try TestServer()
        try await server.test { client in
            let post = try await postJSON(client, "/api/v2/alerts", #"[{"labels":{"alertname":"A","empty":""},"annotations":{"summary":"s"}}]"#)
            #expect(post.status == .ok)
            let list = try await client.execute(uri: "/api/v2/alerts", method: .get)
            let alerts = try #require(try list.json() as? [[String: Any]])
            #expect(alerts.count == 1)
            #expect(alerts[0]["labels"] as? [String: String] == ["alertname": "A"])
            #expect(alerts[0]["fingerprint"] as? String == "1c4b1fe4e2a3e1d0" || (alerts[0]["fingerprint"] as? String)?.count == 16)
            #expect(alerts[0]["startsAt"] as? String == "2023-11-14T22:13:20Z")
            // No endsAt given: now + resolve_timeout (5m).
            #expect(alerts[0]["endsAt"] as? String == "2023-11-14T22:18:20Z")
            #expect(alerts[0]["receivers"] as? [[String: String]] == [["name": "log-only"]])
            let status = try #require(alerts[0]["status"] as? [String: Any])
            #expect(status["state"] as? String == "active")
        }
    }

    @Test("refuses bad input with 400 and stores nothing", arguments: [
        ("[{\"labels\":", "malformed JSON: expected an object at [0].labels, found end of input at byte 11"),
        (#"{"labels":{"a":"b"}}"#, "malformed JSON: body: expected a JSON array of alerts, found '{' at byte 0"),
        (#"[{"labels":{"a":5}}]"#, "malformed JSON: [0].labels.a: expected a string, found '5' at byte 16"),
        (#"[{"labels":{"a":"b"}}] trailing"#, "malformed JSON: body: unexpected data after the alerts"),
        (#"[{"labels":{"a":"b\x"}}]"#, "malformed JSON: invalid escape in string"),
        (#"[{"annotations":{}}]"#, "[0].labels: required field missing"),
        (#"[{"labels":{}}]"#, "alert 0: at least one label pair required"),
        (#"[{"labels":{"a":""}}]"#, "alert 0: at least one label pair required"),
        (#"[{"labels":{"a":"1"}},{"labels":{"bad-name":"1"}}]"#, #"alert 1: invalid label name "bad-name""#),
        (#"[{"labels":{"a":"1"},"startsAt":"2023-11-14T23:00:00Z","endsAt":"2023-11-14T22:00:00Z"}]"#,
         "alert 0: start time must be before end time"),
        (#"[{"labels":{"a":"1"},"startsAt":"yesterday"}]"#, #"alert 0: startsAt: invalid time "yesterday""#),
    ])
    func refusesBadInput(body: String, message: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await postJSON(client, "/api/v2/alerts", body)
            #expect(response.status == .badRequest)
            #expect(response.message.contains(message), "\(response.message)")
            let list = try await client.execute(uri: "/api/v2/alerts", method: .get)
            #expect(list.text == "[]")
        }
    }

    @Test func decodesJSONEscapesAndSkipsUnknownKeys() async throws {
        let server = try TestServer()
        try await server.test { client in
            let body = #"[{"labels":{"alertname":"caf\u00e9 \ud83d\ude00","x":"a\"b\\c\/d\n"},"extra":{"deep":[1,2.5e3,true,null]},"generatorURL":null}]"#
            let post = try await postJSON(client, "/api/v2/alerts", body)
            #expect(post.status == .ok, "\(post.message)")
            let alerts = try #require(try await client.execute(uri: "/api/v2/alerts", method: .get).json() as? [[String: Any]])
            #expect(alerts.first?["labels"] as? [String: String] == ["alertname": "café 😀", "x": "a\"b\\c/d\n"])
        }
    }

    @Test func refusesAnOversizeBody() async throws {
        let server = try TestServer()
        try await server.test { client in
            let huge = "[" + String(repeating: #"{"labels":{"alertname":"A"}},"#, count: 700_000) + #"{"labels":{"a":"b"}}]"#
            let response = try await postJSON(client, "/api/v2/alerts", huge)
            #expect(response.status == .contentTooLarge)
            #expect(response.message.hasSuffix(" exceeds the limit of 16777216 bytes (16MiB)"), "\(response.message)")
            #expect(try await client.execute(uri: "/api/v2/alerts", method: .get).text == "[]")
        }
    }

    @Test func filtersByMatchersAndReceiver() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await postJSON(client, "/api/v2/alerts", #"[{"labels":{"alertname":"A","team":"db"}},{"labels":{"alertname":"B"}}]"#)
            let filtered = try await client.execute(uri: "/api/v2/alerts?filter=team%3D%22db%22", method: .get)
            let alerts = try #require(try filtered.json() as? [[String: Any]])
            #expect(alerts.compactMap { ($0["labels"] as? [String: String])?["alertname"] } == ["A"])
            let none = try await client.execute(uri: "/api/v2/alerts?receiver=nobody", method: .get)
            #expect(none.text == "[]")
            let bad = try await client.execute(uri: "/api/v2/alerts?filter=%7Bteam%3D", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func groupsShowTheirAlerts() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await postJSON(client, "/api/v2/alerts", #"[{"labels":{"alertname":"A","i":"1"}},{"labels":{"alertname":"A","i":"2"}}]"#)
            let groups = try #require(try await client.execute(uri: "/api/v2/alerts/groups", method: .get).json() as? [[String: Any]])
            #expect(groups.count == 1)
            #expect(groups[0]["labels"] as? [String: String] == ["alertname": "A"])
            #expect((groups[0]["alerts"] as? [Any])?.count == 2)
        }
    }
}
