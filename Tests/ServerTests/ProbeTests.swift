import Foundation
import Ingest
import Scrape
import Server
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

/// Health probes against real servers on 127.0.0.1, run by the scrape manager, time moved by a
/// `ManualClock` (the probe timeout itself is real time, as it must be).
@Suite struct ProbeTests {
    @Test func aHealthyPageWhoseBodyMatchesSucceeds() async throws {
        try await ExpositionTarget.with(serving: ScrapeManagerTests.exposition) { target in
            let url = "http://\(target.address)/metrics"
            try await Self.probeOnce("""
                job_name: web
                targets: ["\(url)"]
                labels: {team: shop}
                http: {valid_status_codes: [200], fail_if_body_not_matches_regexp: ['demo_requests_total\\{code="200"\\} \\d+']}
                """, job: "web") { stored in
            let base = "instance=\"\(url)\", job=\"web\", team=\"shop\""
            #expect(stored["probe_success{\(base)}"] == 1)
            #expect(stored["probe_http_status_code{\(base)}"] == 200)
            #expect(stored["probe_failed_due_to_regex{\(base)}"] == 0)
            #expect(stored["probe_http_version{\(base)}"] == 1.1)
            #expect(stored["probe_http_uncompressed_body_length{\(base)}"] == Double(ScrapeManagerTests.exposition.utf8.count))
            #expect(stored["up{\(base)}"] == 1)
            #expect((stored["probe_duration_seconds{\(base)}"] ?? -1) >= 0)
            }
            #expect(await target.state.requests.first?["user-agent"]?.hasPrefix("Vigil/") == true)
        }
    }

    @Test("a failing page fails the probe, with the reason as the target's last error", arguments: [
        (500, #"demo_"#, 500.0, 0.0, "invalid HTTP response status code 500, wanted 2xx"),
        (200, #"^maintenance"#, 200, 1, #"body did not match regular expression "^maintenance""#),
    ])
    func failingPage(status: Int, regex: String, code: Double, dueToRegex: Double, error: String) async throws {
        try await ExpositionTarget.with(serving: ScrapeManagerTests.exposition) { target in
            await target.state.set(status: status)
            let url = "http://\(target.address)/metrics"
            try await ScrapeHarness.with { h in
                try await withProber { prober in
                    await h.manager.update([try h.probe("{job_name: web, targets: ['\(url)'], http: {fail_if_body_not_matches_regexp: ['\(regex)']}}", prober)])
                    try await h.step(loops: 1, steps: 1)
                    let stored = try h.latest(job: "web")
                    let base = "instance=\"\(url)\", job=\"web\""
                    #expect(stored["probe_success{\(base)}"] == 0)
                    #expect(stored["probe_http_status_code{\(base)}"] == code)
                    #expect(stored["probe_failed_due_to_regex{\(base)}"] == dueToRegex)
                    #expect(stored["up{\(base)}"] == 1)
                    let status = try #require(await h.manager.snapshot().first?.active.first?.status)
                    #expect(status.health == .down)
                    #expect(status.lastError == error)
                }
            }
        }
    }

    @Test func aTCPProbeSucceedsOnAnOpenPortAndFailsOnAClosedOne() async throws {
        let closed = try await SilentListener.closedPort()
        try await SilentListener.with { listener in
            try await ScrapeHarness.with { h in
                try await withProber { prober in
                    await h.manager.update([try h.probe("{job_name: ports, timeout: 5s, targets: ['\(listener.address)', '127.0.0.1:\(closed)'], tcp: {}}", prober)])
                    try await h.step(loops: 2, steps: 2)
                    let stored = try h.latest(job: "ports")
                    #expect(stored[#"probe_success{instance="\#(listener.address)", job="ports"}"#] == 1)
                    #expect(stored[#"probe_success{instance="127.0.0.1:\#(closed)", job="ports"}"#] == 0)
                    let errors = await h.manager.snapshot().first?.active.map(\.status.lastError)
                    #expect(errors == ["", "connecting to 127.0.0.1:\(closed): connection refused"])
                }
            }
        }
    }

    @Test func aTCPConversationSendsLinesAndWaitsForTheExpectedOne() async throws {
        try await ExpositionTarget.with(serving: ScrapeManagerTests.exposition) { target in
            try await Self.probeOnce("""
                job_name: conversation
                targets: ["\(target.address)"]
                tcp:
                  query_response:
                    - send: "GET /metrics HTTP/1.0\\r"
                    - send: "\\r"
                    - expect: "^HTTP/1.[01] 200"
                    - expect: 'code="200"'      # the last line has no newline: the server keeps the connection
                """, job: "conversation") { stored in
                #expect(stored[#"probe_success{instance="\#(target.address)", job="conversation"}"#] == 1)
                #expect(stored[#"probe_failed_due_to_regex{instance="\#(target.address)", job="conversation"}"#] == 0)
            }
        }
    }

    @Test("a target that accepts and never answers fails within the timeout", arguments: [
        ("http: {}", "http://"),
        ("tcp: {query_response: [{expect: '^220 '}]}", ""),
    ])
    func hangingTarget(module: String, prefix: String) async throws {
        try await SilentListener.with { listener in
            try await ScrapeHarness.with { h in
                try await withProber { prober in
                    let instance = prefix + listener.address
                    await h.manager.update([try h.probe("{job_name: hang, timeout: 1s, targets: ['\(instance)'], \(module)}", prober)])
                    #expect(await h.clock.waitForSleepers(1))
                    h.clock.advance(by: 15)
                    // Bounded: without the deadline the probe never ends and this gives up.
                    try #require(await waitForSteps(h.manager, 1, maxYields: 50_000_000))
                    let stored = try h.latest(job: "hang")
                    let base = "instance=\"\(instance)\", job=\"hang\""
                    #expect(stored["probe_success{\(base)}"] == 0)
                    let duration = try #require(stored["probe_duration_seconds{\(base)}"])
                    // Generous: tests run in parallel on busy machines; a probe without a deadline never ends.
                    #expect(duration >= 0.9 && duration < 30, "the 1s timeout took \(duration)s")
                    let error = try #require(await h.manager.snapshot().first?.active.first?.status.lastError)
                    #expect(error.contains("context deadline exceeded") || error.hasPrefix("timeout: no result after 1s"), "\(error)")
                }
            }
        }
    }

    @Test func aProbeRemovedByAReloadGetsStaleMarkers() async throws {
        try await SilentListener.with { listener in
            try await ScrapeHarness.with { h in
                try await withProber { prober in
                    await h.manager.update([try h.probe("{job_name: ports, targets: ['\(listener.address)'], tcp: {}}", prober)])
                    try await h.step(loops: 1, steps: 1)
                    await h.manager.update([])
                    h.clock.advance(by: 15)
                    #expect(await h.clock.waitForSleepers(1))
                    h.clock.advance(by: 15)
                    #expect(await waitForSteps(h.manager, 2))
                    let stored = try h.latest(job: "ports")
                    #expect(stored.keys.contains(#"probe_success{instance="\#(listener.address)", job="ports"}"#))
                    #expect(stored.values.allSatisfy(StaleMarker.isStale))
                }
            }
        }
    }

    /// Probes the targets of the job in `yaml` once and hands the store's latest samples of `job` to `check`.
    static func probeOnce(_ yaml: String, job: String, check: @Sendable ([String: Double]) async throws -> Void) async throws {
        try await ScrapeHarness.with { h in
            try await withProber { prober in
                await h.manager.update([try h.probe(yaml, prober)])
                try await h.step(loops: 1, steps: 1)
                try await check(try h.latest(job: job))
            }
        }
    }
}

/// Runs `body` with a prober, shut down afterwards also when `body` throws (an HTTP client must be).
func withProber(_ body: (Prober) async throws -> Void) async throws {
    let prober = Prober()
    do { try await body(prober) } catch {
        await prober.shutdown()
        throw error
    }
    await prober.shutdown()
}

extension ScrapeHarness {
    /// One job decoded from YAML as `probe_configs` decodes it, probed by `prober`.
    func probe(_ yaml: String, _ prober: Prober) throws -> ScrapeJob {
        let config = try VigilConfiguration.parse("route: {receiver: r}\nreceivers: [{name: r}]\nscrape: {self_scrape_interval: 0s, scrape_interval: 15s}\nprobe_configs:\n  - \(yaml.replacingOccurrences(of: "\n", with: "\n    "))\n",
                                                  file: "test.yml")
        return ScrapeJob(config: try #require(config.probeConfigs.probes.first).scrapeConfig, scraper: prober)
    }
}
