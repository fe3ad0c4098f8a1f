import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Scrape
import Server
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

/// Scraping wired into the server: the implicit `job="vigil"`, `/api/v1/targets`, config errors
/// and reloads.
@Suite struct ScrapeWiringTests {
    @Test func theEmbeddedDefaultScrapesVigilItselfAsJobVigil() async throws {
        let server = try TestServer()
        try await server.test { client in
            await server.server.state.applyScrapeConfigs(await server.server.state.config)
            let parked = server.clock.sleeperCount
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await server.server.scrapes.run() }
                defer { group.cancelAll() }
                #expect(await server.clock.waitForSleepers(parked + 1))
                server.clock.advance(by: 15)
                try #require(await waitForSteps(server.server.scrapes, 1))
                let up = try await client.execute(uri: "/api/v1/query?query=up", method: .get)
                #expect(up.text == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"127.0.0.1:9797","job":"vigil"},"value":[1700000015,"1"]}]}}"#)
                // Vigil's own series, with the target labels a real scrape gives them.
                let own = try await client.execute(uri: "/api/v1/query?query=vigil_config_last_reload_successful", method: .get)
                #expect(own.text == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"vigil_config_last_reload_successful","instance":"127.0.0.1:9797","job":"vigil"},"value":[1700000015,"1"]}]}}"#)
                // The families' TYPE and HELP from that scrape, as Prometheus's metadata API gives them.
                let metadata = try await client.execute(uri: "/api/v1/metadata?metric=vigil_config_last_reload_successful", method: .get)
                #expect(metadata.text.hasPrefix(#"{"status":"success","data":{"vigil_config_last_reload_successful":[{"type":"gauge","help":""#), "\(metadata.text)")
                let two = try await client.execute(uri: "/api/v1/metadata?limit=2&limit_per_metric=1", method: .get)
                let families = try #require(try JSONSerialization.jsonObject(with: Data(two.text.utf8)) as? [String: Any])["data"] as? [String: [Any]]
                #expect(families?.count == 2 && families?.values.allSatisfy { $0.count == 1 } == true)
                let bad = try await client.execute(uri: "/api/v1/metadata?limit=many", method: .get)
                #expect(bad.status == .badRequest && bad.text.contains(#"invalid parameter \"limit\""#))
            }
        }
    }

    static let config = """
        route: {receiver: r}
        receivers: [{name: r}]
        scrape_configs:
          - job_name: demo
            scrape_interval: 30s
            relabel_configs: [{source_labels: [__address__], regex: "drop.*", action: drop}]
            static_configs: [{targets: ["127.0.0.1:1", "drop-me:80"], labels: {env: test}}]
        """

    @Test func targetsAreListedInPrometheusShape() async throws {
        let server = try TestServer(configYAML: Self.config)
        try await server.test { client in
            await server.server.state.applyScrapeConfigs(await server.server.state.config)
            let host = ProcessInfo.processInfo.hostName
            let demo = #"{"discoveredLabels":{"__address__":"127.0.0.1:1","__metrics_path__":"/metrics","__scheme__":"http","__scrape_interval__":"30s","__scrape_timeout__":"10s","env":"test","job":"demo"},"labels":{"env":"test","instance":"127.0.0.1:1","job":"demo"},"scrapePool":"demo","scrapeUrl":"http://127.0.0.1:1/metrics","globalUrl":"http://\#(host):1/metrics","lastError":"","lastScrape":"0001-01-01T00:00:00Z","lastScrapeDuration":0,"health":"unknown","scrapeInterval":"30s","scrapeTimeout":"10s"}"#
            let vigil = #"{"discoveredLabels":{"__address__":"127.0.0.1:9797","__metrics_path__":"/metrics","__scheme__":"http","__scrape_interval__":"15s","__scrape_timeout__":"10s","job":"vigil"},"labels":{"instance":"127.0.0.1:9797","job":"vigil"},"scrapePool":"vigil","scrapeUrl":"http://127.0.0.1:9797/metrics","globalUrl":"http://\#(host):9797/metrics","lastError":"","lastScrape":"0001-01-01T00:00:00Z","lastScrapeDuration":0,"health":"unknown","scrapeInterval":"15s","scrapeTimeout":"10s"}"#
            let dropped = #"{"discoveredLabels":{"__address__":"drop-me:80","__metrics_path__":"/metrics","__scheme__":"http","__scrape_interval__":"30s","__scrape_timeout__":"10s","env":"test","job":"demo"}}"#
            let all = try await client.execute(uri: "/api/v1/targets", method: .get)
            #expect(all.text == #"{"status":"success","data":{"activeTargets":[\#(demo),\#(vigil)],"droppedTargets":[\#(dropped)]}}"#)
            let onlyDropped = try await client.execute(uri: "/api/v1/targets?state=dropped&scrapePool=demo", method: .get)
            #expect(onlyDropped.text == #"{"status":"success","data":{"activeTargets":[],"droppedTargets":[\#(dropped)]}}"#)
            let vigilPool = try await client.execute(uri: "/api/v1/targets?scrapePool=vigil", method: .get)
            #expect(vigilPool.text == #"{"status":"success","data":{"activeTargets":[\#(vigil)],"droppedTargets":[]}}"#)
        }
    }

    @Test("the implicit job=\"vigil\" is added only when no job scrapes Vigil", arguments: [
        ("scrape_configs: [{job_name: self, static_configs: [{targets: ['localhost:9797']}]}]", ["self localhost:9797"]),
        ("scrape_configs: [{job_name: vigil, static_configs: [{targets: ['other:9100']}]}]", ["vigil other:9100"]),
        ("scrape_configs: [{job_name: node, static_configs: [{targets: ['other:9100']}]}]", ["vigil 127.0.0.1:9797", "node other:9100"]),
        ("scrape: {self_scrape_interval: 0s}", []),
    ])
    func implicitJob(yaml: String, expected: [String]) async throws {
        let server = try TestServer(configYAML: "route: {receiver: r}\nreceivers: [{name: r}]\n\(yaml)\n")
        await server.server.state.applyScrapeConfigs(await server.server.state.config)
        let pools = await server.server.scrapes.snapshot()
        #expect(pools.flatMap { pool in pool.active.map { "\(pool.job.jobName) \($0.target.address)" } } == expected)
    }
}
