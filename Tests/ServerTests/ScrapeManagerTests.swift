import Foundation
import Logging
import Scrape
import Server
import TSDB
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

/// The scrape manager against real HTTP targets on 127.0.0.1, time moved by a `ManualClock`.
@Suite struct ScrapeManagerTests {
    static let exposition = """
        # TYPE demo_requests_total counter
        demo_requests_total{code="200"} 1027
        demo_requests_total{code="500"} 3
        """

    @Test func samplesLandInTheStoreWithTargetLabels() async throws {
        try await ExpositionTarget.with(serving: Self.exposition) { target in
            try await ScrapeHarness.with { h in
                await h.manager.update([try h.job("""
                    job_name: demo
                    scrape_interval: 15s
                    basic_auth: {username: u, password: p}
                    static_configs: [{targets: ["\(target.address)"], labels: {env: test}}]
                    """)])
                try await h.step(loops: 1, steps: 1)
                let stored = try h.latest(job: "demo")
                let base = "env=\"test\", instance=\"\(target.address)\", job=\"demo\""
                #expect(stored == [
                    "demo_requests_total{code=\"200\", \(base)}": 1027, "demo_requests_total{code=\"500\", \(base)}": 3,
                    "scrape_duration_seconds{\(base)}": stored["scrape_duration_seconds{\(base)}"] ?? -1,
                    "scrape_samples_post_metric_relabeling{\(base)}": 2, "scrape_samples_scraped{\(base)}": 2,
                    "scrape_series_added{\(base)}": 2, "up{\(base)}": 1,
                ])
                let headers = try #require(await target.state.requests.first)
                #expect(headers["accept"] == HTTPScraper.acceptHeader)
                #expect(headers["authorization"] == "Basic dTpw")
                #expect(headers["x-prometheus-scrape-timeout-seconds"] == "10")
            }
        }
    }

    @Test func aFailingTargetIsDownAndItsSeriesGoStale() async throws {
        try await ExpositionTarget.with(serving: Self.exposition) { target in
            try await ScrapeHarness.with { h in
                await h.manager.update([try h.job(#"{job_name: demo, scrape_interval: 15s, static_configs: [{targets: ["\#(target.address)"]}]}"#)])
                try await h.step(loops: 1, steps: 1)
                await target.state.set(status: 500)
                try await h.step(loops: 1, steps: 2)
                let stored = try h.latest(job: "demo")
                let base = "instance=\"\(target.address)\", job=\"demo\""
                #expect(stored["up{\(base)}"] == 0)
                #expect(stored["demo_requests_total{code=\"200\", \(base)}"].map(StaleMarker.isStale) == true)
                let status = try #require(await h.manager.snapshot().first?.active.first?.status)
                #expect(status.health == .down)
                #expect(status.lastError == "server returned HTTP status 500 Internal Server Error")
            }
        }
    }

    @Test func aRefusedConnectionIsReportedLikePrometheus() async throws {
        try await ScrapeHarness.with { h in
            await h.manager.update([try h.job(#"{job_name: gone, scrape_interval: 15s, static_configs: [{targets: ["127.0.0.1:1"]}]}"#)])
            try await h.step(loops: 1, steps: 1)
            #expect(try h.latest(job: "gone")[#"up{instance="127.0.0.1:1", job="gone"}"#] == 0)
            let status = try #require(await h.manager.snapshot().first?.active.first?.status)
            #expect(status.lastError == #"Get "http://127.0.0.1:1/metrics": connection refused"#)
        }
    }

    @Test func aTargetRemovedByAReloadGetsStaleMarkersTwoIntervalsLater() async throws {
        try await ExpositionTarget.with(serving: Self.exposition) { target in
            try await ScrapeHarness.with { h in
                await h.manager.update([try h.job(#"{job_name: demo, scrape_interval: 15s, static_configs: [{targets: ["\#(target.address)"]}]}"#)])
                try await h.step(loops: 1, steps: 1)
                await h.manager.update([])
                h.clock.advance(by: 15)  // the slot it would have scraped: nothing written yet
                #expect(await h.clock.waitForSleepers(1))
                #expect(try h.latest(job: "demo")[#"up{instance="\#(target.address)", job="demo"}"#] == 1)
                h.clock.advance(by: 15)
                #expect(await waitForSteps(h.manager, 2))
                let stored = try h.latest(job: "demo")
                #expect(stored.count == 7)
                #expect(stored.values.allSatisfy(StaleMarker.isStale))
                #expect(await target.state.requests.count == 1)
                #expect(await h.manager.snapshot().isEmpty)
            }
        }
    }

    @Test func aReloadKeepsUnchangedTargetsAndTheirState() async throws {
        try await ExpositionTarget.with(serving: Self.exposition) { target in
            try await ScrapeHarness.with { h in
                let job = try h.job(#"{job_name: demo, scrape_interval: 15s, static_configs: [{targets: ["\#(target.address)"]}]}"#)
                await h.manager.update([job])
                try await h.step(loops: 1, steps: 1)
                await h.manager.update([job])
                // A new loop would report `unknown` until its first scrape.
                #expect(await h.manager.snapshot().first?.active.first?.status.health == .up)
                try await h.step(loops: 1, steps: 2)
                #expect(await target.state.requests.count == 2)
            }
        }
    }

    @Test func relabelingDropsATargetAndTheLimitFailsTheJob() async throws {
        try await ExpositionTarget.with(serving: Self.exposition) { target in
            try await ScrapeHarness.with { h in
                await h.manager.update([try h.job("""
                    job_name: demo
                    scrape_interval: 15s
                    target_limit: 1
                    relabel_configs: [{source_labels: [__address__], regex: ".*:1", action: drop}]
                    static_configs: [{targets: ["\(target.address)", "127.0.0.1:1", "localhost:\(target.port)"]}]
                    """)])
                let pool = try #require(await h.manager.snapshot().first)
                #expect(pool.dropped.map { $0.value(of: "__address__") } == ["127.0.0.1:1"])
                #expect(pool.active.map(\.target.address) == [target.address, "localhost:\(target.port)"])
                try await h.step(loops: 2, steps: 2)
                let status = try #require(await h.manager.snapshot().first?.active.first?.status)
                #expect(status.lastError == "target_limit exceeded (number of targets: 2, limit: 1)")
                #expect(await target.state.requests.isEmpty)
            }
        }
    }
}

/// A store in a scratch folder, a manual clock and a running scrape manager.
struct ScrapeHarness {
    let db: TimeSeriesDB
    let clock: ManualClock
    let manager: ScrapeManager
    let http: HTTPScraper

    static func with(_ body: @Sendable (ScrapeHarness) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-scrape-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let db = try TimeSeriesDB.open(directory: directory)
        let clock = ManualClock()
        let manager = ScrapeManager(tsdb: db, clock: clock, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let harness = ScrapeHarness(db: db, clock: clock, manager: manager, http: HTTPScraper())
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await manager.run() }
                defer { group.cancelAll() }
                try await body(harness)
            }
        } catch {
            await harness.http.shutdown()
            throw error
        }
        await harness.http.shutdown()
        try db.close()
    }

    /// One job decoded from YAML as `scrape_configs` decodes it, scraped over HTTP.
    func job(_ yaml: String) throws -> ScrapeJob {
        let config = try VigilConfiguration.parse("route: {receiver: r}\nreceivers: [{name: r}]\nscrape:\n  self_scrape_interval: 0s\nscrape_configs:\n  - \(yaml.replacingOccurrences(of: "\n", with: "\n    "))\n",
                                                  file: "test.yml")
        return ScrapeJob(config: try #require(config.scrapeConfigs.jobs.first), scraper: http)
    }

    /// Waits until `loops` loops sleep, moves time one 15 s interval, waits for `steps` steps in all.
    func step(loops: Int, steps: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(await clock.waitForSleepers(loops), sourceLocation: sourceLocation)
        clock.advance(by: 15)
        try #require(await waitForSteps(manager, steps), "scrape steps never reached \(steps)", sourceLocation: sourceLocation)
    }

    /// The last sample of every series of `job`, keyed by the series' text.
    func latest(job: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for series in try db.select([.equal("job", job)], mint: 0, maxt: .max) {
            if let value = series.values.last {
                out[series.labels.value(of: "__name__") + series.labels.removing(["__name__"]).description] = value
            }
        }
        return out
    }
}

/// Yields (boundedly: a real HTTP scrape on 127.0.0.1 takes milliseconds) until `manager` has
/// committed `count` steps; false if it never does.
func waitForSteps(_ manager: ScrapeManager, _ count: Int, maxYields: Int = 2_000_000) async -> Bool {
    for _ in 0..<maxYields {
        if await manager.completedSteps >= count { return true }
        await Task.yield()
    }
    return await manager.completedSteps >= count
}
