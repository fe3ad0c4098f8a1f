import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

@Suite struct SilencesAPITests {
    static let valid = #"{"matchers":[{"name":"alertname","value":"A","isRegex":false}],"startsAt":"2023-11-14T22:13:20Z","endsAt":"2023-11-14T23:13:20Z","createdBy":"me","comment":"maintenance"}"#

    @Test func createListSilenceAndExpire() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await postJSON(client, "/api/v2/alerts", #"[{"labels":{"alertname":"A"}}]"#)
            let created = try await postJSON(client, "/api/v2/silences", Self.valid)
            #expect(created.status == .ok)
            let id = try #require((try created.json() as? [String: String])?["silenceID"])
            let alerts = try #require(try await client.execute(uri: "/api/v2/alerts", method: .get).json() as? [[String: Any]])
            let status = try #require(alerts.first?["status"] as? [String: Any])
            #expect(status["state"] as? String == "suppressed")
            #expect(status["silencedBy"] as? [String] == [id])
            let activeOnly = try await client.execute(uri: "/api/v2/alerts?silenced=false", method: .get)
            #expect(activeOnly.text == "[]")
            let one = try #require(try await client.execute(uri: "/api/v2/silence/\(id)", method: .get).json() as? [String: Any])
            #expect((one["status"] as? [String: String])?["state"] == "active")
            #expect(try await client.execute(uri: "/api/v2/silence/\(id)", method: .delete).status == .ok)
            let expired = try #require(try await client.execute(uri: "/api/v2/silences", method: .get).json() as? [[String: Any]])
            #expect((expired.first?["status"] as? [String: String])?["state"] == "expired")
        }
    }

    @Test("refuses bad silences", arguments: [
        (#"{"matchers":[],"startsAt":"2023-11-14T22:13:20Z","endsAt":"2023-11-14T23:13:20Z","createdBy":"me","comment":"c"}"#,
         "at least one matcher required"),
        (#"{"matchers":[{"name":"a","value":"1","isRegex":false}],"startsAt":"2023-11-14T23:13:20Z","endsAt":"2023-11-14T22:13:20Z","createdBy":"me","comment":"c"}"#,
         "start time must be before end time"),
        (#"{"matchers":[{"name":"a","value":"(","isRegex":true}],"startsAt":"2023-11-14T22:13:20Z","endsAt":"2023-11-14T23:13:20Z","createdBy":"me","comment":"c"}"#,
         "invalid regular expression"),
        (#"{"matchers":[{"name":"a","value":".*","isRegex":true}],"startsAt":"2023-11-14T22:13:20Z","endsAt":"2023-11-14T23:13:20Z","createdBy":"me","comment":"c"}"#,
         "at least one matcher must not match the empty string"),
        (#"{"matchers":[{"name":"a","value":"1","isRegex":false}],"startsAt":"2023-11-14T22:13:20Z","endsAt":"2023-11-14T23:13:20Z","createdBy":"","comment":"c"}"#,
         "creator information missing"),
        (#"{"matchers":"a=b"}"#, "matchers: expected"),
    ])
    func refuses(body: String, message: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await postJSON(client, "/api/v2/silences", body)
            #expect(response.status == .badRequest)
            #expect(response.message.contains(message), "\(response.message)")
            #expect(try await client.execute(uri: "/api/v2/silences", method: .get).text == "[]")
        }
    }

    @Test func unknownSilenceIs404() async throws {
        let server = try TestServer()
        try await server.test { client in
            let get = try await client.execute(uri: "/api/v2/silence/nope", method: .get)
            let delete = try await client.execute(uri: "/api/v2/silence/nope", method: .delete)
            #expect(get.status == .notFound)
            #expect(delete.status == .notFound)
        }
    }
}
