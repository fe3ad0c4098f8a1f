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

/// `scrape` and `scrape_configs` in Vigil's config file: defaults, errors with their place, and
/// a bad edit that a reload refuses.
@Suite struct ScrapeSectionTests {
    @Test func jobsTakeTheirDefaultsFromTheScrapeSection() throws {
        let config = try VigilConfiguration.parse("""
            route: {receiver: r}
            receivers: [{name: r}]
            scrape: {scrape_interval: 5s}
            scrape_configs:
              - {job_name: a, static_configs: [{targets: ['x:1']}]}
              - {job_name: b, scrape_interval: 1m, static_configs: [{targets: ['x:1']}]}
            """, file: "vigil.yml")
        #expect(config.scrapeConfigs.jobs.map { "\($0.jobName) \($0.scrapeInterval) \($0.scrapeTimeout)" } == ["a 5s 5s", "b 1m 5s"])
        #expect(config.scrape.selfScrapeInterval == .seconds(15))
    }

    static let head = "route: {receiver: r}\nreceivers: [{name: r}]\n"

    @Test("a bad scrape config is refused with its place", arguments: [
        ("scrape: {scrape_intervall: 1m}", "vigil.yml:3:10: scrape.scrape_intervall: field scrape_intervall not found in type scrape"),
        ("scrape: {scrape_interval: 10s, scrape_timeout: 20s}",
         "vigil.yml:3:48: scrape.scrape_timeout: scrape timeout greater than scrape interval"),
        ("scrape_configs: [{job_name: a}, {job_name: a}]",
         #"vigil.yml:3:44: scrape_configs[1].job_name: found multiple scrape configs with job name "a""#),
        ("scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['x:1']}]\n    scrape_timeout: 2m\n",
         #"vigil.yml:6:21: scrape_configs[0].scrape_timeout: scrape timeout greater than scrape interval for scrape config with job name "a""#),
        ("scrape_configs:\n  - job_name: a\n    relabel_configs: [{target_label: __address__, replacement: ''}]\n    static_configs: [{targets: ['x:1']}]\n",
         #"vigil.yml:6:33: scrape_configs[0].static_configs[0].targets[0]: job "a": instance 0 in group 0 ("x:1"): no address"#),
    ])
    func refused(yaml: String, message: String) {
        let errors = #expect(throws: ConfigErrors.self) { try VigilConfiguration.parse(Self.head + yaml, file: "vigil.yml") }
        #expect(errors?.errors.map(\.description) == [message])
    }

    @Test func aReloadWithABadScrapeConfigKeepsTheRunningTargets() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("vigil.yml").path
        let head = "route: {receiver: r}\nreceivers: [{name: r}]\nscrape: {self_scrape_interval: 0s}\nauth: {mode: none}\n"
        try (head + "scrape_configs: [{job_name: one, static_configs: [{targets: ['a:1']}]}]\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let server = try VigilServer(
            options: ServerOptions(dataDirectory: nil, configPath: path), config: try VigilConfiguration.load(path: path),
            registry: PrometheusCollectorRegistry(), clock: ManualClock(), integrationFactory: { _, _, _ in [] },
            logger: Logger(label: "test"))
        try await server.system.start(config: await server.state.config, externalURL: "http://vigil.test")
        await server.state.applyScrapeConfigs(await server.state.config)
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            try (head + "scrape_configs: [{job_name: two, static_configs: [{targets: ['b:1']}]}]\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await client.execute(uri: "/-/reload", method: .post).status == .ok)
            #expect(await server.scrapes.snapshot().map(\.job.jobName) == ["two"])

            try (head + "scrape_configs: [{job_name: three, scrape_interval: 1s, scrape_timeout: 2s}]\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            let bad = try await client.execute(uri: "/-/reload", method: .post)
            #expect(bad.status == .badRequest)
            let error = try JSONSerialization.jsonObject(with: Data(bad.text.utf8)) as? [String: [String: String]]
            // Line 5: the head above holds four lines (route, receivers, scrape, auth).
            #expect(error?["error"]?["message"] == #"failed to reload config: \#(path):5:73: scrape_configs[0].scrape_timeout: scrape timeout greater than scrape interval for scrape config with job name "three""#)
            #expect(await server.scrapes.snapshot().map(\.job.jobName) == ["two"])
        }
    }
}
