import Alerting
import AsyncHTTPClient
import Foundation
import Governance
import Hummingbird
import HummingbirdTesting
import Logging
import Notifiers
import OnCall
import Persistence
import Prometheus
import PromQL
import Rules
import Runbooks
import Scrape
import Server
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

/// Incidents opened from alerts and escalated through real webhook receivers on 127.0.0.1,
/// with time from a manual clock: "15 minutes" are clock time, not waiting.
@Suite(.serialized) struct IncidentEscalationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Seed 003's on-call section (examples/oncall) with receivers pointing at `base`.
    static func seed003Config(base: String) throws -> String {
        var oncall = try String(contentsOf: repository.appendingPathComponent("examples/oncall/seed-003-divan.yml"), encoding: .utf8)
        oncall = oncall.replacingOccurrences(of: "oncall:\n", with: "oncall:\n  paging_receiver: pager\n")
        return """
        route: {receiver: 'null', group_by: [alertname]}
        receivers:
        - name: 'null'
        - name: pager
          webhook_configs: [{url: '\(base)/pager'}]
        - name: slack-incidents
          webhook_configs: [{url: '\(base)/slack-incidents'}]
        - name: pagerduty
          webhook_configs: [{url: '\(base)/pagerduty'}]
        - name: slack-alerts
          webhook_configs: [{url: '\(base)/slack-alerts'}]
        \(oncall)
        """
    }

    static func makeServer(_ yaml: String, clock: ManualClock, dataDirectory: String?) throws -> VigilServer {
        var config = try VigilConfiguration.parse(yaml, file: nil)
        config.auth = AuthConfig(mode: .none)  // these tests are about incidents, not auth
        let logger = Logger(label: "test")
        return try VigilServer(
            options: ServerOptions(dataDirectory: dataDirectory, externalURL: "http://vigil.test"), config: config,
            registry: PrometheusCollectorRegistry(), clock: clock,
            integrationFactory: { receiver, global, templates in
                try IntegrationFactory.build(receiver: receiver, global: global, renderer: templates, httpClient: HTTPClient.shared,
                                             logger: logger)
            },
            logger: logger)
    }

    static func start(_ server: VigilServer) async throws {
        let config = await server.state.config
        try await server.system.start(config: config, externalURL: "http://vigil.test")
        try await server.incidents.load()
        await server.incidents.configure(config.oncall)
    }

    /// (escalation level, paged user) of every page the pager receiver got, in order.
    static func pages(_ receiver: RecordingServer) async -> [(level: String, user: String)] {
        await receiver.log.requests.filter { $0.path == "/pager" }.compactMap { request in
            guard let labels = request.json?["groupLabels"] as? [String: String] else { return nil }
            return (labels["escalation_level"] ?? "?", labels["oncall_user"] ?? "?")
        }
    }

    static func tick(_ server: VigilServer, _ clock: ManualClock) async {
        await server.incidents.reconcile(now: clock.now())
        await server.incidents.escalate(now: clock.now())
        await DeliveryTests.settle(server.system, clock)
    }

    /// A Tuesday 10:00 in Istanbul, inside a regular week of the rotations.
    static let tuesday = Date(timeIntervalSince1970: 1_773_126_000)

    @Test("seed 003: primary at 0, backup at 15 min, security lead and infrastructure at 30 min; an ack at 20 min stops it")
    func seed003Ladder() async throws {
        try await RecordingServer.with { receiver in
            let clock = ManualClock(Self.tuesday)
            let server = try Self.makeServer(try Self.seed003Config(base: receiver.url("")), clock: clock, dataDirectory: nil)
            try await Self.start(server)
            let config = try #require(await server.state.config.oncall)
            let loops = DeliveryTests.runLoops(server.system)
            defer { loops.cancel() }
            func onCall(_ schedule: String, after minutes: Double) -> String {
                config.schedule(named: schedule)!.onCall(at: Self.tuesday.addingTimeInterval(minutes * 60))!.rawValue
            }

            await server.system.dispatcher.put([Alert(
                labels: Labels(["alertname": "DivanAuthBruteForce", "severity": "critical", "category": "security"]),
                startsAt: clock.now(), endsAt: clock.now().addingTimeInterval(7200), updatedAt: clock.now())])
            await Self.tick(server, clock)
            let incident = try #require(await server.incidents.list().first)
            #expect(incident.id == "INC-1")
            #expect(incident.severity == "critical")
            let atZero = await Self.pages(receiver)
            #expect(atZero.contains { $0.level == "1" && $0.user == onCall("backend-primary", after: 0) }, "primary at 0: \(atZero)")
            #expect(Set(atZero.filter { $0.level == "2" }.map(\.user)) == Set(config.users.map(\.id.rawValue)), "critical: all hands at 0")
            #expect(await receiver.log.requests.contains { $0.path == "/slack-incidents" }, "the severity's notify receivers hear of the opening")
            #expect(await receiver.log.requests.contains { $0.path == "/pagerduty" })

            for _ in 0..<14 { clock.advance(by: 60); await Self.tick(server, clock) }
            #expect(await Self.pages(receiver).count == atZero.count, "nothing more before 15 minutes")
            clock.advance(by: 60); await Self.tick(server, clock)
            let atFifteen = await Self.pages(receiver).dropFirst(atZero.count)
            #expect(atFifteen.map(\.level) == ["3"])
            #expect(atFifteen.map(\.user) == [onCall("backend-backup", after: 15)])

            for _ in 0..<5 { clock.advance(by: 60); await Self.tick(server, clock) }
            let acked = try await server.incidents.update("INC-1", action: "incident.acknowledge", by: .user("alice")) { incident, now, _ in
                try incident.acknowledge(by: "alice", at: now)
            }
            #expect(acked.status == .acknowledged)
            let beforeThirty = await Self.pages(receiver).count
            for _ in 0..<30 { clock.advance(by: 60); await Self.tick(server, clock) }
            #expect(await Self.pages(receiver).count == beforeThirty, "acknowledged at 20 min: security lead and infrastructure are not paged")

            // Without the ack, level 4 pages both schedules at 30 minutes (checked on a second incident).
            await server.system.dispatcher.put([Alert(
                labels: Labels(["alertname": "DivanHighDataExfil", "severity": "warning"]),
                startsAt: clock.now(), endsAt: clock.now().addingTimeInterval(7200), updatedAt: clock.now())])
            let opened = clock.now()
            await Self.tick(server, clock)
            let before = await Self.pages(receiver).count
            for _ in 0..<30 { clock.advance(by: 60); await Self.tick(server, clock) }
            let later = Array(await Self.pages(receiver).dropFirst(before))
            #expect(later.map(\.level) == ["3", "4", "4"], "warning: no all-hands; backup at 15, then two schedules at 30")
            let minutes = clock.now().timeIntervalSince(opened) / 60
            #expect(minutes == 30)
            #expect(Set(later.suffix(2).map(\.user)) == [onCall("security-lead", after: 85), onCall("infrastructure", after: 85)])

            // Every change is in the audit ledger.
            let actions = try await LedgerRepository(database: server.database).entries().filter { $0.target == "INC-1" }.map(\.action)
            #expect(actions.first == "incident.open")
            #expect(actions.contains("incident.escalate"))
            #expect(actions.contains("incident.acknowledge"))
        }
    }

    @Test("escalation survives a restart: no level skipped, none repeated")
    func restartSafety() async throws {
        try await RecordingServer.with { receiver in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-oncall-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let clock = ManualClock(Self.tuesday)
            let yaml = try Self.seed003Config(base: receiver.url(""))
            do {
                let first = try Self.makeServer(yaml, clock: clock, dataDirectory: directory)
                try await Self.start(first)
                let loops = DeliveryTests.runLoops(first.system)
                await first.system.dispatcher.put([Alert(
                    labels: Labels(["alertname": "DivanRefreshTokenReuse", "severity": "warning"]),
                    startsAt: clock.now(), endsAt: clock.now().addingTimeInterval(7200), updatedAt: clock.now())])
                await Self.tick(first, clock)
                loops.cancel()
            }
            #expect(await Self.pages(receiver).map(\.level) == ["1"])
            // Down from minute 0 to minute 40: the 15- and 30-minute levels fell due meanwhile.
            clock.advance(by: 40 * 60)
            let second = try Self.makeServer(yaml, clock: clock, dataDirectory: directory)
            try await Self.start(second)
            let loops = DeliveryTests.runLoops(second.system)
            defer { loops.cancel() }
            #expect(await second.incidents.list().count == 1, "the incident was stored")
            await second.incidents.escalate(now: clock.now())
            await DeliveryTests.settle(second.system, clock)
            for _ in 0..<3 { clock.advance(by: 60); await Self.tick(second, clock) }
            #expect(await Self.pages(receiver).map(\.level) == ["1", "3", "4", "4"], "each level once, the missed ones after the restart")
        }
    }

    @Test("the incidents API: open, act, refuse bad input with the state unchanged")
    func api() async throws {
        let clock = ManualClock(Self.tuesday)
        let server = try Self.makeServer(try Self.seed003Config(base: "http://127.0.0.1:9"), clock: clock, dataDirectory: nil)
        try await Self.start(server)
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            func post(_ path: String, _ body: String) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            }
            let opened = try await post("/api/vigil/v1/incidents", #"{"user":"alice","title":"Login failures","severity":"critical"}"#)
            #expect(opened.status == .created)
            #expect(opened.text.contains(#""id":"INC-1""#))

            let unknownUser = try await post("/api/vigil/v1/incidents/INC-1/ack", #"{"user":"mallory"}"#)
            #expect(unknownUser.status == .badRequest)
            #expect(unknownUser.text.contains("unknown user"))
            let missing = try await post("/api/vigil/v1/incidents/INC-9/ack", #"{"user":"alice"}"#)
            #expect(missing.status == .notFound)

            #expect(try await post("/api/vigil/v1/incidents/INC-1/ack", #"{"user":"alice"}"#).status == .ok)
            #expect(try await post("/api/vigil/v1/incidents/INC-1/notes", #"{"user":"alice","text":"blocked 10.0.0.7"}"#).status == .ok)
            let badCause = try await post("/api/vigil/v1/incidents/INC-1/root-cause", #"{"user":"alice","category":"Gremlins"}"#)
            #expect(badCause.status == .badRequest)
            #expect(try await post("/api/vigil/v1/incidents/INC-1/root-cause", #"{"user":"alice","category":"External Dependency"}"#).status == .ok)
            #expect(try await post("/api/vigil/v1/incidents/INC-1/resolve", #"{"user":"alice"}"#).status == .ok)

            let again = try await post("/api/vigil/v1/incidents/INC-1/ack", #"{"user":"alice"}"#)
            #expect(again.status == .conflict, "acking a resolved incident is refused")
            let shown = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1", method: .get)
            #expect(shown.text.contains(#""status":"resolved""#), "state unchanged by the refused ack")
            #expect(shown.text.contains("blocked 10.0.0.7"))

            let postMortem = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1/postmortem", method: .get)
            #expect(postMortem.status == .ok)
            #expect(postMortem.text.contains("Login failures"))
            let edited = "# Post-mortem INC-1\n\nRoot cause: an expired WAF rule.\n"
            let put = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1/postmortem?user=alice", method: .put,
                                               body: ByteBuffer(string: edited))
            #expect(put.status == .ok)
            #expect(try await client.execute(uri: "/api/vigil/v1/incidents/INC-1/postmortem", method: .get).text == edited,
                    "the edited post-mortem replaces the generated draft")
            let empty = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1/postmortem?user=alice", method: .put,
                                                 body: ByteBuffer(string: "  \n"))
            #expect(empty.status == .badRequest)

            let shifts = try await client.execute(
                uri: "/api/vigil/v1/schedules/backend-primary/shifts?from=2026-03-02T00:00:00Z&to=2026-03-16T00:00:00Z", method: .get)
            #expect(shifts.status == .ok)
            let list = try #require(try shifts.json() as? [[String: Any]])
            #expect(list.count == 3, "Monday 09:00 hand-offs split two weeks into three shifts: \(shifts.text)")
            #expect(Set(list.compactMap { $0["user"] as? String }) == ["alice", "bob"])
            let schedules = try await client.execute(uri: "/api/vigil/v1/schedules", method: .get)
            #expect(schedules.text.contains(#""name":"security-lead""#))

            let who = try await client.execute(uri: "/api/vigil/v1/oncall?schedule=backend-primary&at=2026-03-10T07:00:00Z", method: .get)
            #expect(who.status == .ok)
            #expect(who.text.contains(#""schedule":"backend-primary""#))
            let unknownSchedule = try await client.execute(uri: "/api/vigil/v1/oncall?schedule=nope", method: .get)
            #expect(unknownSchedule.status == .notFound)
        }
    }

    @Test("a config naming an unknown receiver in oncall is refused with its place")
    func unknownReceiver() throws {
        let yaml = """
        route: {receiver: r}
        receivers: [{name: r}]
        oncall:
          paging_receiver: nope
        """
        #expect(throws: ConfigErrors.self) { try VigilConfiguration.parse(yaml, file: "v.yml") }
        do { _ = try VigilConfiguration.parse(yaml, file: "v.yml") } catch {
            #expect(error.description == #"v.yml:4:20: oncall.paging_receiver: undefined receiver "nope" as paging_receiver"#)
        }
    }

    @Test("an incident shows its runbook with the alert's labels filled in, and responders tick its steps")
    func runbooks() async throws {
        let clock = ManualClock(Self.tuesday)
        let runbooks = Self.repository.appendingPathComponent("examples/runbooks").path
        let yaml = try Self.seed003Config(base: "http://127.0.0.1:9") + "\nrunbooks: {directory: '\(runbooks)'}\n"
        let server = try Self.makeServer(yaml, clock: clock, dataDirectory: nil)
        try await Self.start(server)
        try await server.state.applyRules(await server.state.config)
        await server.system.dispatcher.put([Alert(
            labels: Labels(["alertname": "DivanAuthBruteForce", "severity": "critical", "ip_prefix": "203.0.113"]),
            startsAt: clock.now(), endsAt: clock.now().addingTimeInterval(7200), updatedAt: clock.now())])
        await server.incidents.reconcile(now: clock.now())
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            let shown = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1", method: .get)
            #expect(shown.text.contains(#""runbook":"DivanAuthBruteForce""#))
            #expect(shown.text.contains(#""runbookURL":"http://vigil.test/runbooks/DivanAuthBruteForce""#))
            let page = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1/runbook?format=markdown", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("203.0.113"), "the alert's ip_prefix label fills the placeholder")
            #expect(!page.text.contains("- [x]"))

            let tick = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1/runbook/steps/manual-response-1", method: .post,
                                                headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"user":"alice"}"#))
            #expect(tick.status == .ok, "\(tick.text)")
            let after = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1/runbook?format=markdown", method: .get)
            #expect(after.text.contains("[x]"), "the ticked step shows checked")
            let unknown = try await client.execute(uri: "/api/vigil/v1/incidents/INC-1/runbook/steps/nope-9", method: .post,
                                                   headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"user":"alice"}"#))
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("has no step"))

            let standalone = try await client.execute(uri: "/runbooks/DivanAuthBruteForce?ip_prefix=198.51.100", method: .get)
            #expect(standalone.status == .ok)
            #expect(standalone.text.contains("198.51.100"))
            #expect(try await client.execute(uri: "/runbooks/NoSuchRunbook", method: .get).status == .notFound)
        }
        let timeline = try #require(await server.incidents.incident("INC-1")).timeline
        #expect(timeline.contains { if case .runbookStepChecked("DivanAuthBruteForce", "manual-response-1") = $0.kind { true } else { false } })
    }

    @Test("incident actions: run at once, or wait for a person's approval; overdue follow-ups are announced once")
    func actionsAndFollowUps() async throws {
        try await RecordingServer.with { receiver in
            let clock = ManualClock(Self.tuesday)
            var yaml = try Self.seed003Config(base: receiver.url(""))
            yaml = yaml.replacingOccurrences(of: "oncall:\n", with: """
                oncall:
                  follow_ups: [{task: Hold the post-mortem, due: 24h}]
                  actions:
                    - name: open-ticket
                      http: {url: '\(receiver.url("/ticket"))', body: '{"incident": "{{ .Incident.ID }}", "prefix": "{{ .Labels.ip_prefix }}"}'}
                    - name: block-ip
                      incident_rules: [security]
                      requires_approval: true
                      http: {url: '\(receiver.url("/block"))', method: PUT, body: '{{ .Labels.ip_prefix }}'}

                """)
            let server = try Self.makeServer(yaml, clock: clock, dataDirectory: nil)
            try await Self.start(server)
            let loops = DeliveryTests.runLoops(server.system)
            defer { loops.cancel() }
            await server.system.dispatcher.put([Alert(
                labels: Labels(["alertname": "DivanAuthBruteForce", "severity": "critical", "category": "security", "ip_prefix": "203.0.113"]),
                startsAt: clock.now(), endsAt: clock.now().addingTimeInterval(7200), updatedAt: clock.now())])
            await Self.tick(server, clock)

            let ticket = try #require(await receiver.log.requests.first { $0.path == "/ticket" })
            #expect(String(decoding: ticket.body, as: UTF8.self) == #"{"incident": "INC-1", "prefix": "203.0.113"}"#)
            #expect(await receiver.log.requests.contains { $0.path == "/block" } == false, "block-ip waits for approval")
            var incident = try #require(await server.incidents.incident("INC-1"))
            #expect(incident.actionsAwaitingApproval == ["block-ip"])
            #expect(incident.timeline.contains { if case .actionRun("open-ticket", true, _) = $0.kind { true } else { false } })

            incident = try await server.incidents.approveAction("INC-1", name: "block-ip", by: "carol")
            let block = try #require(await receiver.log.requests.first { $0.path == "/block" })
            #expect(block.method == "PUT")
            #expect(String(decoding: block.body, as: UTF8.self) == "203.0.113")
            #expect(incident.actionsAwaitingApproval.isEmpty)
            #expect(incident.timeline.contains { $0.by == .user("carol") && { if case .actionRun("block-ip", true, _) = $0.kind { true } else { false } }($0) })
            await #expect(throws: IncidentRequestError.self) { try await server.incidents.approveAction("INC-1", name: "block-ip", by: "carol") }

            _ = try await server.incidents.update("INC-1", action: "incident.resolve", by: .user("alice")) { incident, now, config in
                try incident.resolve(by: .user("alice"), at: now, config: config)
            }
            clock.advance(by: 23 * 3600)
            await server.incidents.notifyOverdueFollowUps(now: clock.now())
            await DeliveryTests.settle(server.system, clock)
            func overdueNotices() async -> Int {
                await receiver.log.requests.filter {
                    $0.path == "/slack-incidents" && ($0.json?["groupLabels"] as? [String: String])?["oncall_event"] == "follow_up_overdue"
                }.count
            }
            #expect(await overdueNotices() == 0, "not due yet")
            clock.advance(by: 2 * 3600)
            await server.incidents.notifyOverdueFollowUps(now: clock.now())
            await DeliveryTests.settle(server.system, clock)
            #expect(await overdueNotices() == 1)
            clock.advance(by: 3600)
            await server.incidents.notifyOverdueFollowUps(now: clock.now())
            await DeliveryTests.settle(server.system, clock)
            #expect(await overdueNotices() == 1, "announced once")
        }
    }

    @Test("examples/vigil.yml loads with its rule files, runbooks and on-call section")
    func exampleConfig() throws {
        let config = try VigilConfiguration.load(path: Self.repository.appendingPathComponent("examples/vigil.yml").path)
        let groups = try config.ruleGroups(compatibility: .prometheus3)
        #expect(groups.count >= 5)
        #expect(groups.flatMap(\.rules).contains { $0.name == "AttributionEnforcementBreach" })
        let runbooks = try #require(try config.runbookLibrary())
        #expect(runbooks.runbook(for: "AttributionEnforcementBreach") != nil)
        let oncall = try #require(config.oncall)
        #expect(oncall.escalationPolicy(named: "agentguard") != nil)
        #expect(oncall.pagingReceiver == "pager")
        // Seed 004's "API Service Down" rule reads this probe job's series.
        #expect(config.probeConfigs.probes.map(\.jobName) == ["agentguard-health", "agentguard-db"])
        #expect(config.storage == StorageConfig(), "the example spells out the defaults")
    }

    @Test("bad on-call input is refused with its place", arguments: [
        ("oncall:\n  actions:\n    - {name: a, http: {url: 'ftp://x/y'}}\n",
         #"v.yml:5:29: oncall.actions[0].http.url: url must be an absolute http(s) URL, got "ftp://x/y""#),
        ("oncall:\n  actions:\n    - {name: a, incident_rules: [nope], http: {url: 'http://x/y'}}\n",
         #"v.yml:5:34: oncall.actions[0].incident_rules[0]: undefined incident rule "nope" in action "a""#),
        ("runbooks: {directory: ''}\n", "v.yml:3:23: runbooks.directory: directory must not be empty"),
    ])
    func badOnCallInput(yaml: String, message: String) throws {
        do {
            _ = try VigilConfiguration.parse("route: {receiver: r}\nreceivers: [{name: r}]\n" + yaml, file: "v.yml")
            Issue.record("accepted")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("a runbooks directory that does not exist is an error naming it")
    func missingRunbooks() throws {
        let config = try VigilConfiguration.parse("route: {receiver: r}\nreceivers: [{name: r}]\nrunbooks: {directory: /nonexistent/runbooks}\n",
                                                  file: "v.yml")
        #expect(throws: ConfigErrors.self) { try config.runbookLibrary() }
        do { _ = try config.runbookLibrary() } catch {
            #expect(error.description == "runbooks.directory: /nonexistent/runbooks: not a directory")
        }
    }

    @Test("drills refuse bad input with the field named")
    func drillBadInput() async throws {
        let server = try Self.makeServer(try Self.seed003Config(base: "http://127.0.0.1:9"), clock: ManualClock(Self.tuesday), dataDirectory: nil)
        try await Self.start(server)
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            for (body, message) in [
                (#"{"alertname":"","user":"alice"}"#, "alertname: must not be empty"),
                (#"{"alertname":"X","user":"alice","labels":{"bad-name":"v"}}"#, #"labels: invalid label name \"bad-name\""#),
                (#"{"alertname":"X","user":"alice","duration":"10x"}"#, "duration: "),
                (#"{"user":"alice"}"#, "alertname"),
            ] {
                let response = try await client.execute(uri: "/api/vigil/v1/drills", method: .post,
                                                        headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.text.contains(message), "\(body): \(response.text)")
            }
        }
        #expect(await server.system.dispatcher.alertCount == 0, "nothing was sent")
    }
}
