import Alerting
import AsyncHTTPClient
import Foundation
import Testing
import VigilTestSupport

@testable import Notifiers

@Suite struct SlackNotifierTests {
    private func send(
        _ config: SlackConfig, global: GlobalConfig = GlobalConfig(),
        renderer: LiteralRenderer = LiteralRenderer()
    ) async throws -> RecordedRequest {
        try await RecordingServer.with { server in
            var config = config
            if config.apiURL == nil, config.apiURLFile == nil, global.slackAPIURL == nil {
                config.apiURL = Secret(server.url("/slack"))
            }
            try await SlackNotifier(
                config: config, id: TestEnvironment.id, global: global, renderer: renderer,
                httpClient: .shared, options: TestEnvironment.options, logger: TestEnvironment.logger
            )
            .notify(Fixtures.data())
            return try #require(await server.log.requests.first)
        }
    }

    @Test func postsEveryFieldInAlertmanagersShape() async throws {
        var config = SlackConfig()
        config.channel = "#alerts"
        config.username = "vigil"
        config.iconEmoji = ":fire:"
        config.iconURL = ""
        config.linkNames = true
        config.title = "T"
        config.titleLink = "http://vigil.example/#/alerts"
        config.pretext = "P"
        config.text = "X <b> & y"
        config.fallback = "F"
        config.callbackID = "C"
        config.color = "danger"
        config.footer = "foot"
        config.imageURL = "http://img.example/i.png"
        config.thumbURL = "http://img.example/t.png"
        config.fields = try decode(#"[{"title": "a", "value": "1"}, {"title": "b", "value": "2", "short": false}]"#)
        config.shortFields = true
        config.mrkdwnIn = ["text"]
        let request = try await send(config)
        let want =
            ##"{"channel":"#alerts","username":"vigil","icon_emoji":":fire:","link_names":true,"attachments":[{"title":"T","title_link":"http://vigil.example/#/alerts","pretext":"P","text":"X \u003cb\u003e \u0026 y","fallback":"F","callback_id":"C","fields":[{"title":"a","value":"1","short":true},{"title":"b","value":"2","short":false}],"image_url":"http://img.example/i.png","thumb_url":"http://img.example/t.png","footer":"foot","color":"danger","mrkdwn_in":["text"]}]}"##
        #expect(String(decoding: request.body, as: UTF8.self) == want + "\n")
        #expect(request.headers["content-type"] == "application/json")
    }

    @Test func rendersEachFieldThroughItsDefaultTemplate() async throws {
        let body = try #require(try await send(SlackConfig()).json)
        let attachment = try #require((body["attachments"] as? [[String: Any]])?.first)
        #expect(body["username"] as? String == #"{{ template "slack.default.username" . }}"#)
        #expect(body["channel"] == nil)
        #expect(body["link_names"] == nil)
        #expect(attachment["title"] as? String == #"{{ template "slack.default.title" . }}"#)
        #expect(attachment["text"] as? String == #"{{ template "slack.default.text" . }}"#)
        #expect(attachment["callback_id"] as? String == #"{{ template "slack.default.callbackid" . }}"#)
        #expect(attachment["mrkdwn_in"] as? [String] == ["fallback", "pretext", "text"])
    }

    @Test func truncatesTitleTo1024Runes() async throws {
        var config = SlackConfig()
        config.title = String(repeating: "é", count: 2000)
        let attachment = try #require((try await send(config).json?["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["title"] as? String == String(repeating: "é", count: 1023) + "…")
    }

    @Test("api_url, then api_url_file, then the global URL", arguments: ["config", "file", "global", "global_file"])
    func findsTheWebhookURL(source: String) async throws {
        try await RecordingServer.with { server in
            var config = SlackConfig()
            var global = GlobalConfig()
            global.slackAPIURL = source == "global" ? Secret(server.url("/global")) : nil
            global.slackAPIURLFile =
                source == "global_file" ? try TestEnvironment.file(server.url("/global-file")) : nil
            config.apiURL = source == "config" ? Secret(server.url("/config")) : nil
            config.apiURLFile = source == "file" ? try TestEnvironment.file(server.url("/file")) : nil
            try await SlackNotifier(
                config: config, id: TestEnvironment.id, global: global, renderer: LiteralRenderer(),
                httpClient: .shared, logger: TestEnvironment.logger
            ).notify(Fixtures.data())
            let expected = ["config": "/config", "file": "/file", "global": "/global", "global_file": "/global-file"][
                source]
            #expect(await server.log.requests.map(\.path) == [expected])
        }
    }

    @Test func refusesToBuildWithoutAnyURL() {
        let error = #expect(throws: IntegrationBuildError.self) {
            try SlackNotifier(
                config: SlackConfig(), id: TestEnvironment.id, global: GlobalConfig(), renderer: LiteralRenderer(),
                httpClient: .shared, logger: TestEnvironment.logger)
        }
        #expect(error?.description == "team-x/test[0]: no global Slack API URL set either inline or in a file")
    }

    @Test func templateFailureIsNotRetryable() async throws {
        var config = SlackConfig()
        config.apiURL = Secret("http://127.0.0.1:1/never-called")
        config.text = FailingTemplate.marker
        let notifier = try SlackNotifier(
            config: config, id: TestEnvironment.id, global: GlobalConfig(),
            renderer: LiteralRenderer(), httpClient: .shared, logger: TestEnvironment.logger)
        let error = await TestEnvironment.failure(of: notifier)
        #expect(
            error
                == NotifyError(
                    retryable: false,
                    message: #"team-x/test[0]: failed to template text: template: :1: function "fail" not defined"#))
    }
}
