import Alerting
import AsyncHTTPClient
import Foundation
import Testing
import VigilTestSupport

@testable import Notifiers

@Suite struct WebhookNotifierTests {
    private func notifier(url: String, maxAlerts: Int = 0) throws -> WebhookNotifier {
        var config = WebhookConfig(url: url)
        config.maxAlerts = maxAlerts
        return try WebhookNotifier(
            config: config, id: TestEnvironment.id, global: GlobalConfig(), httpClient: .shared,
            options: TestEnvironment.options, logger: TestEnvironment.logger)
    }

    @Test func postsAlertmanagerPayloadByteForByte() async throws {
        let golden = try Data(contentsOf: Fixtures.resource("webhook.golden.json"))
        let request = try await RecordingServer.with { server in
            try await notifier(url: server.url("/hook")).notify(Fixtures.data())
            return try #require(await server.log.requests.first)
        }
        #expect(request.method == "POST")
        #expect(request.path == "/hook")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["user-agent"] == "Vigil/test")
        // Field by field first, so a difference names the field; then the exact bytes.
        let want = try #require(try JSONSerialization.jsonObject(with: golden) as? [String: Any])
        let got = try #require(request.json)
        #expect(Set(got.keys) == Set(want.keys))
        for (key, value) in want {
            #expect((got[key] as? NSObject) == (value as? NSObject), "field \(key)")
        }
        #expect(String(decoding: request.body, as: UTF8.self) == String(decoding: golden, as: UTF8.self))
    }

    @Test(
        "max_alerts keeps the first alerts and counts the rest",
        arguments: [
            (0, 2, 0), (1, 1, 1), (2, 2, 0), (5, 2, 0),
        ])
    func truncatesAlerts(maxAlerts: Int, sent: Int, truncated: Int) async throws {
        let request = try await RecordingServer.with { server in
            try await notifier(url: server.url("/hook"), maxAlerts: maxAlerts).notify(Fixtures.data())
            return try #require(await server.log.requests.first)
        }
        let body = try #require(request.json)
        #expect((body["alerts"] as? [Any])?.count == sent)
        #expect(body["truncatedAlerts"] as? Int == truncated)
        // Common labels are those of the alerts sent, as Alertmanager computes them after truncating.
        let common = body["commonLabels"] as? [String: String]
        #expect(common?["instance"] == (sent == 1 ? "api-1:9090" : nil))
    }

    @Test func readsURLFileOnEverySend() async throws {
        try await RecordingServer.with { server in
            let path = try TestEnvironment.file(server.url("/first") + "\n")
            var config = WebhookConfig(url: "http://unused.invalid")
            (config.url, config.urlFile) = (nil, path)
            let notifier = try WebhookNotifier(
                config: config, id: TestEnvironment.id, global: GlobalConfig(),
                httpClient: .shared, logger: TestEnvironment.logger)
            try await notifier.notify(Fixtures.data())
            try Data(server.url("/second").utf8).write(to: URL(filePath: path))
            try await notifier.notify(Fixtures.data())
            #expect(await server.log.requests.map(\.path) == ["/first", "/second"])
        }
    }

    @Test func sendsHTTPConfigCredentials() async throws {
        let headers = try await RecordingServer.with { server in
            var config = WebhookConfig(url: server.url("/hook"))
            config.httpConfig = try TestEnvironment.httpConfig(
                #"{"basic_auth": {"username": "vigil", "password": "pa55"}}"#)
            try await WebhookNotifier(
                config: config, id: TestEnvironment.id, global: GlobalConfig(), httpClient: .shared,
                logger: TestEnvironment.logger
            ).notify(Fixtures.data())
            return try #require(await server.log.requests.first?.headers)
        }
        #expect(headers["authorization"] == "Basic " + Data("vigil:pa55".utf8).base64EncodedString())
    }
}
