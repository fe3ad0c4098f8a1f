import Alerting
import AsyncHTTPClient
import Foundation
import Logging
import Notifiers
import Persistence
import Prometheus
import Server
import Testing
import VigilCore
import VigilTestSupport

/// Delivery through the real webhook notifier to a real HTTP receiver on 127.0.0.1, with time
/// driven by a manual clock: the receiver's outage is "10 minutes" of clock time, not of waiting.
@Suite(.serialized) struct DeliveryTests {
    static func config(url: String) -> String {
        """
        route:
          receiver: team
          group_by: [alertname]
          group_wait: 30s
          group_interval: 5m
          repeat_interval: 4h
        receivers:
        - name: team
          webhook_configs: [{url: '\(url)'}]
        """
    }

    static func makeServer(url: String, clock: ManualClock, dataDirectory: String?) throws -> VigilServer {
        let config = try VigilConfiguration.parse(config(url: url), file: nil)
        let logger = Logger(label: "test")
        return try VigilServer(
            options: ServerOptions(dataDirectory: dataDirectory), config: config, registry: PrometheusCollectorRegistry(),
            clock: clock,
            integrationFactory: { receiver, global, templates in
                try IntegrationFactory.build(receiver: receiver, global: global, renderer: templates, httpClient: HTTPClient.shared,
                                             logger: logger)
            },
            logger: logger)
    }

    /// Runs the dispatcher and the delivery workers (not the hourly pruning) until cancelled.
    static func runLoops(_ system: AlertingSystem) -> Task<Void, Never> {
        Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await system.dispatcher.run() }
                group.addTask { await system.delivery.run() }
            }
        }
    }

    /// Yields until the dispatcher and every busy delivery worker wait on the clock again
    /// (HTTP calls in flight finish first). Bounded.
    static func settle(_ system: AlertingSystem, _ clock: ManualClock) async {
        for _ in 0..<2_000_000 {
            let flushing = await system.dispatcher.flushesInFlight
            let sending = await system.delivery.attemptsInFlight
            let busy = await system.delivery.backlog().count
            if flushing == 0, sending == 0, clock.sleeperCount >= 1 + busy { return }
            await Task.yield()
        }
        Issue.record("the pipeline did not settle")
    }

    static func step(_ system: AlertingSystem, _ clock: ManualClock, to end: Double, by step: Double, from start: Date) async {
        while clock.now() < start.addingTimeInterval(end) {
            clock.advance(by: step)
            await settle(system, clock)
        }
    }

    static func alert(_ name: String, _ instance: String, at now: Date) -> Alert {
        Alert(labels: Labels(["alertname": name, "instance": instance]), startsAt: now, endsAt: now.addingTimeInterval(7200),
              updatedAt: now)
    }

    static func instances(_ request: RecordedRequest) -> [String] {
        ((request.json?["alerts"] as? [[String: Any]]) ?? []).compactMap { ($0["labels"] as? [String: String])?["instance"] }
    }

    @Test func aReceiverDownForTenMinutesGetsEveryNotificationExactlyOnce() async throws {
        try await RecordingServer.with { receiver in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
            let start = clock.now()
            let server = try Self.makeServer(url: receiver.url("/hook"), clock: clock, dataDirectory: nil)
            let system = server.system
            try await system.start(config: await server.state.config, externalURL: "http://vigil.test")
            let loops = Self.runLoops(system)
            defer { loops.cancel() }
            await receiver.log.force(status: 503)

            await system.dispatcher.put([Self.alert("Down", "a", at: start)])
            await Self.settle(system, clock)
            await Self.step(system, clock, to: 120, by: 5, from: start)
            await system.dispatcher.put([Self.alert("Down", "b", at: clock.now())])
            await Self.step(system, clock, to: 600, by: 5, from: start)
            #expect(await receiver.log.requests.isEmpty)
            #expect(await receiver.log.refused >= 5)

            await receiver.log.force(status: nil)
            await Self.step(system, clock, to: 3600, by: 10, from: start)

            let received = await receiver.log.requests
            #expect(received.map(Self.instances) == [["a"], ["a", "b"]])
            let attempts = try await system.notificationStore.attempts(AttemptQuery(receiver: "team", limit: 1000))
            #expect(attempts.filter(\.success).count == 2)
            #expect(attempts.contains { !$0.success && $0.error?.contains("503") == true })
        }
    }

    @Test func aPendingNotificationSurvivesARestartAndIsSentOnce() async throws {
        try await RecordingServer.with { receiver in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
            let start = clock.now()
            await receiver.log.force(status: 500)
            do {
                let first = try Self.makeServer(url: receiver.url("/hook"), clock: clock, dataDirectory: directory)
                try await first.system.start(config: await first.state.config, externalURL: "http://vigil.test")
                let loops = Self.runLoops(first.system)
                await first.system.dispatcher.put([Self.alert("Restart", "a", at: start)])
                await Self.settle(first.system, clock)
                await Self.step(first.system, clock, to: 60, by: 5, from: start)
                loops.cancel()
                _ = await loops.value
            }
            #expect(await receiver.log.requests.isEmpty)
            await receiver.log.force(status: nil)

            let second = try Self.makeServer(url: receiver.url("/hook"), clock: clock, dataDirectory: directory)
            try await second.system.start(config: await second.state.config, externalURL: "http://vigil.test")
            let loops = Self.runLoops(second.system)
            defer { loops.cancel() }
            // The restarted Vigil has no alerts (clients re-send them), but the queued notification goes out.
            await Self.step(second.system, clock, to: 600, by: 5, from: start)
            #expect(await receiver.log.requests.map(Self.instances) == [["a"]])
        }
    }

    @Test func theKillSwitchHoldsNotificationsUntilUnmuted() async throws {
        try await RecordingServer.with { receiver in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
            let start = clock.now()
            let server = try Self.makeServer(url: receiver.url("/hook"), clock: clock, dataDirectory: nil)
            let system = server.system
            try await system.start(config: await server.state.config, externalURL: "http://vigil.test")
            let loops = Self.runLoops(system)
            defer { loops.cancel() }
            await system.pipeline.setMuted(true)
            await system.dispatcher.put([Self.alert("Storm", "a", at: start)])
            await Self.settle(system, clock)
            await Self.step(system, clock, to: 400, by: 10, from: start)
            #expect(await receiver.log.requests.isEmpty)
            #expect(await system.dispatcher.alertCount == 1)
            await system.pipeline.setMuted(false)
            await Self.step(system, clock, to: 700, by: 10, from: start)
            #expect(await receiver.log.requests.map(Self.instances) == [["a"]])
        }
    }

    @Test func aFailingReceiverFallsBackOnceAndKeepsRetrying() async throws {
        try await RecordingServer.with { receiver in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
            let start = clock.now()
            let yaml = """
                route: {receiver: team, group_by: [alertname], group_wait: 30s, group_interval: 5m}
                receivers:
                - name: team
                  webhook_configs: [{url: '\(receiver.url("/status/503"))'}]
                  fallback_receiver: backup
                  fallback_after_attempts: 3
                - name: backup
                  webhook_configs: [{url: '\(receiver.url("/backup"))'}]
                """
            let logger = Logger(label: "test")
            let server = try VigilServer(
                options: ServerOptions(dataDirectory: nil), config: try VigilConfiguration.parse(yaml, file: nil),
                registry: PrometheusCollectorRegistry(), clock: clock,
                integrationFactory: { receiver, global, templates in
                    try IntegrationFactory.build(receiver: receiver, global: global, renderer: templates,
                                                 httpClient: HTTPClient.shared, logger: logger)
                },
                logger: logger)
            let system = server.system
            try await system.start(config: await server.state.config, externalURL: "http://vigil.test")
            let loops = Self.runLoops(system)
            defer { loops.cancel() }
            await system.dispatcher.put([Self.alert("Fails", "a", at: start)])
            await Self.settle(system, clock)
            await Self.step(system, clock, to: 1800, by: 5, from: start)
            let requests = await receiver.log.requests
            let backup = requests.filter { $0.path == "/backup" }
            #expect(backup.count == 1)
            #expect(backup.first?.json?["receiver"] as? String == "backup")
            // The failing receiver is still being retried, on the circuit breaker's slow schedule.
            let tries = requests.filter { $0.path == "/status/503" }.count
            #expect(tries >= 6)
            #expect(tries < 60)
            #expect(await system.delivery.isCircuitOpen(IntegrationID(receiver: "team", kind: "webhook", index: 0)))
        }
    }
}
