import Alerting
import Foundation
import Logging
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

/// Records flushes and answers with a fixed result.
actor RecordingFlushHandler: FlushHandler {
    private(set) var jobs: [FlushJob] = []
    var result = true
    func flush(_ job: FlushJob) async -> Bool {
        jobs.append(job)
        return result
    }
    func setResult(_ value: Bool) { result = value }
}

/// Alertmanager's group timers, driven by a manual clock: nothing here sleeps.
@Suite struct DispatcherTests {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
    let handler = RecordingFlushHandler()

    func makeDispatcher(_ routeYAML: String = "receiver: r\ngroup_by: [alertname]\ngroup_wait: 30s\ngroup_interval: 5m\nrepeat_interval: 4h",
                        inhibit: [InhibitRuleConfig] = []) throws -> Dispatcher {
        let route = try YAMLLoader(file: nil).decode(RouteConfig.self, from: routeYAML)
        return Dispatcher(route: Route(route), inhibitRules: inhibit, clock: clock, handler: handler, logger: Logger(label: "test"))
    }

    func alert(_ labels: [String: String], startsAt: Date? = nil, endsAt: Date? = nil) -> Alert {
        let now = clock.now()
        return Alert(labels: Labels(labels), startsAt: startsAt ?? now, endsAt: endsAt ?? now.addingTimeInterval(300),
                     updatedAt: now, timeout: endsAt == nil)
    }

    /// Advances the clock and lets the dispatcher's loop run until it has flushed `count` times.
    func advance(_ seconds: Double, expectFlushes count: Int, sourceLocation: SourceLocation = #_sourceLocation) async {
        #expect(await clock.waitForSleepers(1), "dispatcher never slept", sourceLocation: sourceLocation)
        clock.advance(by: seconds)
        for _ in 0..<10_000 {
            if await handler.jobs.count >= count { break }
            await Task.yield()
        }
        // Let the loop settle back to sleep so later advances see a parked sleeper.
        _ = await clock.waitForSleepers(1)
        #expect(await handler.jobs.count == count, sourceLocation: sourceLocation)
    }

    @Test func waitsGroupWaitThenBatches() async throws {
        let dispatcher = try makeDispatcher()
        let loop = Task { await dispatcher.run() }
        defer { loop.cancel() }
        await dispatcher.put([alert(["alertname": "A", "i": "1"])])
        await advance(10, expectFlushes: 0)
        await dispatcher.put([alert(["alertname": "A", "i": "2"])])
        await advance(19, expectFlushes: 0)
        await advance(1, expectFlushes: 1)
        let first = try #require(await handler.jobs.first)
        #expect(first.alerts.map { $0.labels["i"] } == ["1", "2"])
        #expect(first.groupKey == #"{}:{alertname="A"}"#)
        #expect(first.now == Date(timeIntervalSince1970: 1_700_000_030))
    }

    @Test func flushesEveryGroupIntervalAfterTheFirst() async throws {
        let dispatcher = try makeDispatcher()
        let loop = Task { await dispatcher.run() }
        defer { loop.cancel() }
        await dispatcher.put([alert(["alertname": "A"], endsAt: clock.now().addingTimeInterval(3600))])
        await advance(30, expectFlushes: 1)
        await advance(299, expectFlushes: 1)
        await advance(1, expectFlushes: 2)
        let times = await handler.jobs.map { $0.now.timeIntervalSince1970 - 1_700_000_000 }
        #expect(times == [30, 330])
    }

    @Test func anOldAlertIsFlushedAtOnce() async throws {
        let dispatcher = try makeDispatcher()
        let loop = Task { await dispatcher.run() }
        defer { loop.cancel() }
        _ = await clock.waitForSleepers(1)
        await dispatcher.put([alert(["alertname": "A"], startsAt: clock.now().addingTimeInterval(-60))])
        await advance(0, expectFlushes: 1)
    }

    @Test func resolvedAlertsLeaveTheGroupAfterASuccessfulFlush() async throws {
        let dispatcher = try makeDispatcher()
        let loop = Task { await dispatcher.run() }
        defer { loop.cancel() }
        await dispatcher.put([alert(["alertname": "A", "i": "1"], endsAt: clock.now().addingTimeInterval(3600)),
                              alert(["alertname": "A", "i": "2"], endsAt: clock.now().addingTimeInterval(3600))])
        await advance(30, expectFlushes: 1)
        var resolved = alert(["alertname": "A", "i": "2"], endsAt: clock.now())
        resolved.updatedAt = clock.now()
        await dispatcher.put([resolved])
        await advance(300, expectFlushes: 2)
        let second = try #require(await handler.jobs.last)
        #expect(second.alerts.map { $0.isResolved(at: second.now) } == [false, true])
        await advance(300, expectFlushes: 3)
        let third = try #require(await handler.jobs.last)
        #expect(third.alerts.map { $0.labels["i"] } == ["1"])
    }

    @Test func aFailedFlushKeepsResolvedAlerts() async throws {
        let dispatcher = try makeDispatcher()
        let loop = Task { await dispatcher.run() }
        defer { loop.cancel() }
        await handler.setResult(false)
        await dispatcher.put([alert(["alertname": "A"], endsAt: clock.now().addingTimeInterval(10))])
        await advance(30, expectFlushes: 1)
        await advance(300, expectFlushes: 2)
        #expect(await handler.jobs.last?.alerts.count == 1)
    }

    @Test func inhibitedAlertsAreMarked() async throws {
        let rule = InhibitRuleConfig(sourceMatchers: [.equal("severity", "critical")], targetMatchers: [.equal("severity", "warning")],
                                     equal: ["cluster"])
        let dispatcher = try makeDispatcher(inhibit: [rule])
        let loop = Task { await dispatcher.run() }
        defer { loop.cancel() }
        await dispatcher.put([
            alert(["alertname": "A", "severity": "critical", "cluster": "a"]),
            alert(["alertname": "A", "severity": "warning", "cluster": "a"]),
            alert(["alertname": "A", "severity": "warning", "cluster": "b"]),
        ])
        await advance(30, expectFlushes: 1)
        let job = try #require(await handler.jobs.first)
        let inhibited = job.alerts.filter { job.inhibited.contains($0.fingerprint) }.map { $0.labels["cluster"] ?? "" }
        #expect(inhibited == ["a"])
        #expect(job.alerts.count == 3)
    }

    @Test func mergesAnExplicitEndOverATimeout() {
        let start = Date(timeIntervalSince1970: 1000)
        let stored = Alert(labels: Labels(["a": "1"]), startsAt: start, endsAt: start.addingTimeInterval(300),
                           updatedAt: start, timeout: true)
        let resolved = Alert(labels: Labels(["a": "1"]), startsAt: start.addingTimeInterval(10), endsAt: start.addingTimeInterval(60),
                             updatedAt: start.addingTimeInterval(60))
        let merged = Alert.storing(resolved, over: stored)
        #expect(merged.startsAt == start)
        #expect(merged.endsAt == start.addingTimeInterval(60))
    }
}
