import Alerting
import AsyncHTTPClient
import Foundation
import Testing
import VigilTestSupport

@testable import Notifiers

@Suite struct PagerDutyNotifierTests {
    private func config(url: String) throws -> PagerDutyConfig {
        var config = PagerDutyConfig()
        config.routingKey = Secret("R0UT1NGKEY-0123456789abcdef")
        config.url = url
        config.details = ["firing": "F", "num_firing": "1"]
        config.eventClass = "latency"
        config.component = "api"
        config.group = "payments"
        config.images = try decode(#"[{"src": "http://img.example/graph.png", "alt": "graph"}, {"src": ""}]"#)
        config.links = try decode(#"[{"href": "http://runbook.example", "text": "runbook"}]"#)
        return config
    }

    private func notifier(_ config: PagerDutyConfig) throws -> PagerDutyNotifier {
        try PagerDutyNotifier(
            config: config, id: TestEnvironment.id, global: GlobalConfig(), renderer: LiteralRenderer(),
            httpClient: .shared, options: TestEnvironment.options, logger: TestEnvironment.logger)
    }

    @Test func triggersThenResolvesUnderOneDedupKey() async throws {
        let bodies = try await RecordingServer.with { server in
            let notifier = try notifier(try config(url: server.url("/v2/enqueue")))
            try await notifier.notify(Fixtures.data())
            try await notifier.notify(Fixtures.data(resolved: true))
            return await server.log.requests.map { String(decoding: $0.body, as: UTF8.self) }
        }
        func event(_ action: String) -> String {
            #"{"routing_key":"R0UT1NGKEY-0123456789abcdef","dedup_key":"\#(Fixtures.dedupKey)","event_action":"\#(action)","#
                + #""payload":{"summary":"{{ template \"pagerduty.default.description\" .}}","source":"{{ template \"pagerduty.default.client\" . }}","#
                + #""severity":"error","class":"latency","component":"api","group":"payments","custom_details":{"firing":"F","num_firing":"1"}},"#
                + #""client":"{{ template \"pagerduty.default.client\" . }}","client_url":"{{ template \"pagerduty.default.clientURL\" . }}","#
                + #""images":[{"src":"http://img.example/graph.png","alt":"graph","href":""}],"links":[{"href":"http://runbook.example","text":"runbook"}]}"#
                + "\n"
        }
        #expect(bodies == [event("trigger"), event("resolve")])
    }

    @Test func dedupKeyIsSHA256OfGroupKey() {
        #expect(PagerDutyEvent.dedupKey(groupKey: Fixtures.groupKey) == Fixtures.dedupKey)
        #expect(
            PagerDutyEvent.dedupKey(groupKey: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func truncatesSummaryTo1024Runes() throws {
        var config = try config(url: "http://127.0.0.1:1")
        config.description = String(repeating: "ü", count: 1500)
        let event = try notifier(config).makeEvent(Fixtures.data(), routingKey: "key")
        #expect(event.summary == String(repeating: "ü", count: 1023) + "…")
    }

    @Test func explicitSourceWinsOverClient() throws {
        var config = try config(url: "http://127.0.0.1:1")
        config.source = "prometheus-eu"
        #expect(try notifier(config).makeEvent(Fixtures.data(), routingKey: "key").source == "prometheus-eu")
    }

    @Test func dropsCustomDetailsOfAnOversizedEvent() throws {
        var config = try config(url: "http://127.0.0.1:1")
        config.details = ["firing": String(repeating: "x", count: PagerDutyEvent.maxEventBytes)]
        let (bytes, dropped) = try notifier(config).makeEvent(Fixtures.data(), routingKey: "key").encodedWithinLimit()
        #expect(dropped)
        #expect(bytes.count < PagerDutyEvent.maxEventBytes)
        #expect(
            String(decoding: bytes, as: UTF8.self).contains(
                #""custom_details":{"error":"Custom details have been removed"#))
    }

    @Test func quotesPagerDutysExplanationOfA400() async throws {
        let error = try await RecordingServer.with { server in
            await TestEnvironment.failure(of: try notifier(try config(url: server.url("/status/400"))))
        }
        #expect(
            error
                == NotifyError(
                    retryable: false,
                    message:
                        "team-x/test[0]: unexpected status code 400: Event object is invalid: Length of 'routing_key' is incorrect",
                    code: 400))
    }
}
