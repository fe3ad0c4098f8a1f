import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing
import VigilTestSupport

/// `probe_configs` wired into the server: probes run by the scrape service, their series
/// queryable through the Prometheus API, their targets in `/api/v1/targets`.
@Suite struct ProbeWiringTests {
    @Test func probeSeriesAreQueryableAndTargetsShowTheFailure() async throws {
        try await ExpositionTarget.with(serving: ScrapeManagerTests.exposition) { target in
            let closed = try await SilentListener.closedPort()
            let url = "http://\(target.address)/metrics"
            let server = try TestServer(configYAML: """
                route: {receiver: r}
                receivers: [{name: r}]
                scrape: {self_scrape_interval: 0s, scrape_interval: 15s}
                probe_configs:
                  - job_name: web
                    targets: ["\(url)"]
                    http: {fail_if_body_matches_regexp: ["maintenance"]}
                  - job_name: db
                    timeout: 5s
                    targets: ["127.0.0.1:\(closed)"]
                    labels: {tier: data}
                    tcp: {}
                """)
            // The server's prober made an HTTP client, which must be closed (the scrape service would).
            do { try await Self.check(server, url: url, closed: closed) } catch {
                await server.server.prober.shutdown()
                throw error
            }
            await server.server.prober.shutdown()
        }
    }

    static func check(_ server: TestServer, url: String, closed: Int) async throws {
            try await server.test { client in
                await server.server.state.applyScrapeConfigs(await server.server.state.config)
                let parked = server.clock.sleeperCount
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await server.server.scrapes.run() }
                    defer { group.cancelAll() }
                    #expect(await server.clock.waitForSleepers(parked + 2))
                    server.clock.advance(by: 15)
                    try #require(await waitForSteps(server.server.scrapes, 2))
                    let success = try await client.execute(uri: "/api/v1/query?query=sort_desc(probe_success)", method: .get)
                    #expect(success.text == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"probe_success","instance":"\#(url)","job":"web"},"value":[1700000015,"1"]},{"metric":{"__name__":"probe_success","instance":"127.0.0.1:\#(closed)","job":"db","tier":"data"},"value":[1700000015,"0"]}]}}"#)
                    let code = try await client.execute(uri: "/api/v1/query?query=probe_http_status_code", method: .get)
                    #expect(code.text == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"probe_http_status_code","instance":"\#(url)","job":"web"},"value":[1700000015,"200"]}]}}"#)
                    let targets = try await client.execute(uri: "/api/v1/targets?scrapePool=db", method: .get)
                    #expect(targets.text == #"{"status":"success","data":{"activeTargets":[{"discoveredLabels":{"__address__":"127.0.0.1:\#(closed)","__scrape_interval__":"15s","__scrape_timeout__":"5s","job":"db","tier":"data"},"labels":{"instance":"127.0.0.1:\#(closed)","job":"db","tier":"data"},"scrapePool":"db","scrapeUrl":"127.0.0.1:\#(closed)","globalUrl":"127.0.0.1:\#(closed)","lastError":"connecting to 127.0.0.1:\#(closed): connection refused","lastScrape":\#(try Self.field("lastScrape", in: targets.text)),"lastScrapeDuration":\#(try Self.field("lastScrapeDuration", in: targets.text)),"health":"down","scrapeInterval":"15s","scrapeTimeout":"5s"}],"droppedTargets":[]}}"#)
                }
            }
    }

    /// The raw value of `name` in a targets answer: the slot's time and the probe's real duration
    /// are not ours to predict.
    static func field(_ name: String, in text: String) throws -> String {
        let after = try #require(text.range(of: "\"\(name)\":"))
        return String(text[after.upperBound...].prefix { $0 != "," })
    }
}
