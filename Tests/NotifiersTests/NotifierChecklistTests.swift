import Alerting
import AsyncHTTPClient
import Foundation
import Testing
import VigilTestSupport

@testable import Notifiers

/// One HTTP integration under the shared checklist: how to build it for a URL, and every
/// credential it holds (none may appear in an error).
struct ChecklistCase: Sendable, CustomTestStringConvertible {
    var kind: String
    var secrets: [String]
    var make: @Sendable (_ url: String) throws -> any Notifier

    var testDescription: String { kind }
    var id: IntegrationID { IntegrationID(receiver: "team-x", kind: kind, index: 0) }

    static let urlToken = "url-token-hunter2"

    static let all: [ChecklistCase] = [
        ChecklistCase(kind: "webhook", secrets: [urlToken, "basic-pass-hunter2"]) { url in
            var config = WebhookConfig(url: url)
            config.httpConfig = try TestEnvironment.httpConfig(
                #"{"basic_auth": {"username": "u", "password": "basic-pass-hunter2"}}"#)
            return try WebhookNotifier(
                config: config, id: IntegrationID(receiver: "team-x", kind: "webhook", index: 0),
                global: GlobalConfig(), httpClient: TestEnvironment.httpClient, logger: TestEnvironment.logger)
        },
        ChecklistCase(kind: "slack", secrets: [urlToken]) { url in
            var config = SlackConfig()
            config.apiURL = Secret(url)
            return try SlackNotifier(
                config: config, id: IntegrationID(receiver: "team-x", kind: "slack", index: 0),
                global: GlobalConfig(), renderer: LiteralRenderer(), httpClient: TestEnvironment.httpClient,
                logger: TestEnvironment.logger)
        },
        ChecklistCase(kind: "pagerduty", secrets: [urlToken, "pd-routing-key-hunter2"]) { url in
            var config = PagerDutyConfig()
            config.routingKey = Secret("pd-routing-key-hunter2")
            config.url = url
            config.httpConfig = try TestEnvironment.httpConfig(#"{"authorization": {"credentials": "bearer-hunter2"}}"#)
            return try PagerDutyNotifier(
                config: config, id: IntegrationID(receiver: "team-x", kind: "pagerduty", index: 0),
                global: GlobalConfig(), renderer: LiteralRenderer(), httpClient: TestEnvironment.httpClient,
                logger: TestEnvironment.logger)
        },
    ]
}

/// Every HTTP notifier: Alertmanager's retry rule by status, and no secret in any error.
@Suite struct NotifierChecklistTests {
    @Test(
        "retries 5xx and 429, not other 4xx", arguments: ChecklistCase.all,
        [
            (200, nil), (400, false), (404, false), (429, true), (500, true), (503, true),
        ] as [(Int, Bool?)])
    func classifiesStatus(_ integration: ChecklistCase, row: (status: Int, retryable: Bool?)) async throws {
        let error = try await RecordingServer.with { server in
            let url = server.url("/status/\(row.status)/\(ChecklistCase.urlToken)?token=\(ChecklistCase.urlToken)")
            return await TestEnvironment.failure(of: try integration.make(url))
        }
        #expect(error?.retryable == row.retryable)
        guard let error else { return }
        #expect(error.code == row.status)
        #expect(error.message.hasPrefix("team-x/\(integration.kind)[0]: unexpected status code \(row.status)"))
        expectNoSecret(in: error, integration)
    }

    @Test("a refused connection is retryable", arguments: ChecklistCase.all)
    func retriesRefusedConnection(_ integration: ChecklistCase) async throws {
        let port = try await TestEnvironment.closedPort()
        let url = "http://127.0.0.1:\(port)/\(ChecklistCase.urlToken)?token=\(ChecklistCase.urlToken)"
        let error = try #require(await TestEnvironment.failure(of: try integration.make(url)))
        #expect(error.retryable)
        #expect(error.code == nil)
        #expect(error.message.hasPrefix("team-x/\(integration.kind)[0]: failed to send request: "), "\(error.message)")
        #expect(error.message.lowercased().contains("refused"), "\(error.message)")
        expectNoSecret(in: error, integration)
    }

    @Test("a URL that cannot be used is not retryable", arguments: ChecklistCase.all)
    func refusesUnusableURL(_ integration: ChecklistCase) async throws {
        let error = try #require(
            await TestEnvironment.failure(of: try integration.make("http:///\(ChecklistCase.urlToken)")))
        #expect(!error.retryable)
        expectNoSecret(in: error, integration)
    }

    @Test("a notifier's description holds no secret", arguments: ChecklistCase.all)
    func describesWithoutSecrets(_ integration: ChecklistCase) throws {
        let notifier = try integration.make(
            "http://127.0.0.1:1/\(ChecklistCase.urlToken)?token=\(ChecklistCase.urlToken)")
        for text in [String(describing: notifier), String(reflecting: notifier)] {
            for secret in integration.secrets + ["bearer-hunter2"] {
                #expect(!text.contains(secret), "secret \(secret) in \(text)")
            }
        }
    }

    private func expectNoSecret(
        in error: NotifyError, _ integration: ChecklistCase,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for secret in integration.secrets + ["bearer-hunter2"] {
            for text in [error.message, error.description, String(reflecting: error)] {
                #expect(!text.contains(secret), "secret \(secret) in \(text)", sourceLocation: sourceLocation)
            }
        }
    }
}
