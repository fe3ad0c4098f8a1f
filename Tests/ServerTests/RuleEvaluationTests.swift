import Alerting
import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Notifiers
import Prometheus
import PromQL
import Rules
import Server
import Testing
import TSDB
import VigilConfig
import VigilCore
import VigilTestSupport

/// Rules evaluated by the server over its own store, alerts through the real pipeline to a
/// real webhook receiver on 127.0.0.1; time from a manual clock.
@Suite(.serialized) struct RuleEvaluationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let seedRules = repository.appendingPathComponent("examples/rules/000-attribution-enforcement.yml").path

    static func config(webhook: String, ruleFiles: [String]) -> String {
        """
        route:
          receiver: platform
          group_by: [alertname]
          group_wait: 30s
          group_interval: 1m
          repeat_interval: 4h
        receivers:
        - name: platform
          webhook_configs: [{url: '\(webhook)', send_resolved: true}]
        rule_files: [\(ruleFiles.map { "'\($0)'" }.joined(separator: ", "))]
        rules:
          evaluation_interval: 15s
        """
    }

    static func makeServer(_ yaml: String, clock: ManualClock, file: String? = nil) throws -> VigilServer {
        var config = try VigilConfiguration.parse(yaml, file: file)
        config.auth = AuthConfig(mode: .none)  // these tests are about rules, not auth
        let logger = Logger(label: "test")
        return try VigilServer(
            options: ServerOptions(dataDirectory: nil, configPath: file, externalURL: "http://vigil.test"), config: config,
            registry: PrometheusCollectorRegistry(), clock: clock,
            integrationFactory: { receiver, global, templates in
                try IntegrationFactory.build(receiver: receiver, global: global, renderer: templates, httpClient: HTTPClient.shared,
                                             logger: logger)
            },
            logger: logger)
    }

    static func write(_ server: VigilServer, _ labels: [String: String], _ points: [(Date, Double)]) throws {
        var appender = server.tsdb.appender()
        for (time, value) in points {
            appender.append(Labels(labels), timestamp: Int64(time.timeIntervalSince1970 * 1000), value: value)
        }
        try appender.commit()
    }

    static func breachState(_ server: VigilServer) async -> Rules.AlertState? {
        let groups = await server.rules.groups()
        return groups.first { $0.definition.name == "attribution_enforcement" }?.rules
            .first { $0.definition.name == "AttributionEnforcementBreach" }?.activeAlerts.first?.state
    }

    @Test("seed 000: AttributionEnforcementBreach goes pending, fires to the webhook with its rendered description, then resolves")
    func attributionBreachEndToEnd() async throws {
        try await RecordingServer.with { receiver in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
            let start = clock.now()
            let server = try Self.makeServer(Self.config(webhook: receiver.url("/hook"), ruleFiles: [Self.seedRules]), clock: clock)
            let system = server.system
            try await system.start(config: await server.state.config, externalURL: "http://vigil.test")
            try await server.state.applyRules(await server.state.config)
            let loops = DeliveryTests.runLoops(system)
            defer { loops.cancel() }

            // A legacy-bucket counter: flat for 10 minutes, +1 per 15 s for 2 minutes, then flat.
            let series = ["__name__": "runs_with_legacy_attribution_total", "origin_system": "billing-worker", "field": "agent_id"]
            var value = 0.0
            var points: [(Date, Double)] = []
            for step in -40...120 {
                if step > 0 && step <= 8 { value += 1 }
                points.append((start.addingTimeInterval(Double(step) * 15), value))
            }
            try Self.write(server, series, points)

            var states: [Rules.AlertState?] = []
            for step in 0...40 {
                if step > 0 { clock.advance(by: 15) }
                await server.rules.evaluateAll(at: Int64(clock.now().timeIntervalSince1970 * 1000))
                await DeliveryTests.settle(system, clock)
                states.append(await Self.breachState(server))
            }
            // Pending at the first rise, firing a minute later, resolved after the 5-minute window.
            #expect(states[0] == nil)
            #expect(states[1] == .pending)
            #expect(states[4] == .pending)
            #expect(states[5] == .firing)
            #expect(states[26] == .firing)
            #expect(states[27] == nil, "the last rise leaves the left-open 5m window at step 27")
            await DeliveryTests.step(system, clock, to: 40 * 15 + 180, by: 5, from: start)

            let requests = await receiver.log.requests
            let statuses = requests.compactMap { $0.json?["status"] as? String }
            #expect(statuses == ["firing", "resolved"])
            let alert = try #require((requests.first?.json?["alerts"] as? [[String: Any]])?.first)
            let annotations = try #require(alert["annotations"] as? [String: String])
            let description = try #require(annotations["description"])
            #expect(description.contains("runs were created with legacy attribution markers"))
            #expect(description.contains("Origin system: billing-worker\nField: agent_id\n"))
            #expect(annotations["summary"] == "New runs entering legacy bucket after enforcement")
            #expect((alert["labels"] as? [String: String])?["severity"] == "critical")
            #expect((alert["generatorURL"] as? String)?.hasPrefix("http://vigil.test/graph?g0.expr=increase%28runs_with_legacy") == true)
        }
    }

    @Test("GET /api/v1/rules and /api/v1/alerts answer in Prometheus's shapes")
    func rulesAPI() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
        let server = try Self.makeServer("""
            route: {receiver: r}
            receivers: [{name: r}]
            rule_files: ['\(Self.seedRules)']
            """, clock: clock)
        try await server.state.applyRules(await server.state.config)
        var appender = server.tsdb.appender()
        appender.append(Labels(["__name__": "sdk_attribution_validations_total", "enforcement_mode": "shadow"]),
                        timestamp: 1_700_000_000_000, value: 5)
        try appender.commit()
        await server.rules.evaluateAll(at: 1_700_000_000_000)
        let app = Hummingbird.Application(router: server.router())
        try await app.test(.router) { client in
            let rules = try await client.execute(uri: "/api/v1/rules?type=alert", method: .get)
            #expect(rules.status == .ok)
            let body = try #require(try rules.json() as? [String: Any])
            let groups = try #require((body["data"] as? [String: Any])?["groups"] as? [[String: Any]])
            #expect(groups.first?["name"] as? String == "attribution_enforcement")
            #expect(groups.first?["interval"] as? Double == 60)
            let ruleList = try #require(groups.first?["rules"] as? [[String: Any]])
            #expect(ruleList.count == 6)
            let info = try #require(ruleList.first { $0["name"] as? String == "AttributionEnforcementModeInfo" })
            #expect(info["state"] as? String == "firing")
            #expect(info["health"] as? String == "ok")
            #expect(info["type"] as? String == "alerting")
            // The expression as Prometheus prints it, not as the file spells it over three lines.
            #expect(info["query"] as? String == "count by (enforcement_mode) (sdk_attribution_validations_total) > 0")
            #expect(info["lastEvaluation"] as? String == "2023-11-14T22:13:20Z")
            let alerts = try #require(info["alerts"] as? [[String: Any]])
            #expect(alerts.first?["value"] as? String == "1e+00")
            #expect(alerts.first?["activeAt"] as? String == "2023-11-14T22:13:20Z")

            let bad = try await client.execute(uri: "/api/v1/rules?type=bogus", method: .get)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains(#""errorType":"bad_data""#))

            let active = try await client.execute(uri: "/api/v1/alerts", method: .get)
            let list = try #require(((try active.json() as? [String: Any])?["data"] as? [String: Any])?["alerts"] as? [[String: Any]])
            #expect(list.map { ($0["labels"] as? [String: String])?["alertname"] } == ["AttributionEnforcementModeInfo"])
            #expect(list.first?["state"] as? String == "firing")
        }
    }

    @Test("a reload with a broken rule file is refused and the running rules stay")
    func reloadKeepsRules() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("rules"), withIntermediateDirectories: true)
        let rules = directory.appendingPathComponent("rules/team.yml")
        try "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: vector(1)\n".write(to: rules, atomically: true, encoding: .utf8)
        let configPath = directory.appendingPathComponent("vigil.yml").path
        let yaml = "route: {receiver: r}\nreceivers: [{name: r}]\nrule_files: ['rules/*.yml']\n"
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
        let server = try Self.makeServer(yaml, clock: clock, file: configPath)
        try await server.state.applyRules(await server.state.config)
        #expect(await server.rules.groups().flatMap(\.rules).map(\.definition.name) == ["A"])

        try "groups:\n  - name: g\n    rules:\n      - alert: B\n        expr: vector(1\n".write(to: rules, atomically: true, encoding: .utf8)
        await #expect(throws: ConfigErrors.self) { try await server.state.reload(by: "test") }
        #expect(await server.rules.groups().flatMap(\.rules).map(\.definition.name) == ["A"])
        #expect(await server.state.lastReloadSuccess == false)

        try "groups:\n  - name: g\n    rules:\n      - alert: B\n        expr: vector(1)\n".write(to: rules, atomically: true, encoding: .utf8)
        try await server.state.reload(by: "test")
        #expect(await server.rules.groups().flatMap(\.rules).map(\.definition.name) == ["B"])
    }

    @Test("a server restart keeps `for` counting: pending 9 of 10 minutes fires 1 minute after the restart")
    func restartRestoresForState() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("slow.yml")
        try "groups:\n  - name: g\n    rules:\n      - alert: SlowBurn\n        expr: errors_total > 0\n        for: 10m\n"
            .write(to: rules, atomically: true, encoding: .utf8)
        let yaml = "route: {receiver: r}\nreceivers: [{name: r}]\nrule_files: ['\(rules.path)']\n"
        let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
        let start = clock.now()
        func make() throws -> VigilServer {
            let config = try VigilConfiguration.parse(yaml, file: nil)
            return try VigilServer(options: ServerOptions(dataDirectory: directory.path), config: config,
                                   registry: PrometheusCollectorRegistry(), clock: clock, integrationFactory: { _, _, _ in [] },
                                   logger: Logger(label: "test"))
        }
        func state(_ server: VigilServer) async -> Rules.AlertState? {
            await server.rules.groups().first?.rules.first?.activeAlerts.first?.state
        }
        let ms = { (date: Date) in Int64(date.timeIntervalSince1970 * 1000) }

        let first = try make()
        try await first.state.applyRules(await first.state.config)
        try Self.write(first, ["__name__": "errors_total"], stride(from: 0.0, through: 3600, by: 15).map { (start.addingTimeInterval($0), 1) })
        for minute in 0...9 {
            clock.set(start.addingTimeInterval(Double(minute) * 60))
            await first.rules.evaluateAll(at: ms(clock.now()))
        }
        #expect(await state(first) == .pending)
        try first.tsdb.syncWAL()
        try first.tsdb.close()

        // Down for 5 minutes; a new server over the same data directory.
        clock.set(start.addingTimeInterval(14 * 60))
        let second = try make()
        try await second.state.applyRules(await second.state.config)
        await second.rules.evaluateAll(at: ms(clock.now()))
        #expect(await state(second) == .pending)
        clock.set(start.addingTimeInterval(15 * 60))
        await second.rules.evaluateAll(at: ms(clock.now()))
        #expect(await state(second) == .firing, "fires 1 minute after the restart, not 10")
        try second.tsdb.close()
    }
}

/// The embedded default's self-monitoring rules are the example file, byte for byte.
@Suite struct SelfMonitoringRulesTests {
    @Test func embeddedTextIsTheExampleFile() throws {
        let example = try String(contentsOf: RuleEvaluationTests.repository.appendingPathComponent("examples/rules/vigil-self-monitoring.yml"),
                                 encoding: .utf8)
        let groups = try VigilConfiguration.embeddedDefault.ruleGroups(compatibility: .prometheus3)
        let fromFile = try RuleFile.parse(example, file: "x", compatibility: .prometheus3).groups
        #expect(groups.map(\.name) == fromFile.map(\.name))
        #expect(groups.flatMap(\.rules).map(\.name) == fromFile.flatMap(\.rules).map(\.name))
        #expect(groups.flatMap(\.rules).map(\.query) == fromFile.flatMap(\.rules).map(\.query))
    }
}
