import Foundation
import OnCall
import Testing
import VigilCore

/// Escalation ladders driven by explicit instants: what is due when, what an acknowledgement
/// stops, and what survives a restart.
@Suite struct EscalationTests {
    /// Wednesday of an even week since the rotations started: alice primary, bob backup,
    /// carol security lead, dave infrastructure.
    let t0 = at("2026-03-04 10:00", "Europe/Istanbul")

    func steps(_ steps: [EscalationStep]) -> [[String]] { steps.map { $0.users.map(\.rawValue) } }

    @Test func seed003CriticalPagesPrimaryAllHandsBackupThenSecurityAndInfrastructure() throws {
        let engine = EscalationEngine(config: try example("seed-003-divan.yml"))
        var state = try #require(engine.start(severity: "critical", triggeredAt: t0))
        #expect(steps(engine.advance(&state, to: t0)) == [["alice"], ["alice", "bob", "carol", "erin", "dave", "frank"]])
        #expect(engine.nextDeadline(state) == t0.plus(minutes: 15))
        #expect(engine.advance(&state, to: t0.plus(minutes: 14.99)).isEmpty)
        let backup = engine.advance(&state, to: t0.plus(minutes: 15))
        #expect(steps(backup) == [["bob"]])
        #expect(backup.first?.id == EscalationStep.ID(cycle: 0, level: 2))
        #expect(backup.first?.dueAt == t0.plus(minutes: 15))
        #expect(engine.nextDeadline(state) == t0.plus(minutes: 30))
        #expect(steps(engine.advance(&state, to: t0.plus(minutes: 30))) == [["carol", "dave"]])
        #expect(engine.nextDeadline(state) == nil)
        #expect(engine.advance(&state, to: t0.plus(minutes: 600)).isEmpty)
    }

    @Test func seed003WarningSkipsAllHands() throws {
        let engine = EscalationEngine(config: try example("seed-003-divan.yml"))
        var state = try #require(engine.start(severity: "warning", triggeredAt: t0))
        #expect(steps(engine.advance(&state, to: t0.plus(minutes: 30))) == [["alice"], ["bob"], ["carol", "dave"]])
    }

    @Test func seed003AcknowledgingAtTwentyMinutesStopsTheLadder() throws {
        let config = try example("seed-003-divan.yml")
        let engine = EscalationEngine(config: config)
        let router = IncidentRouter(config: config)
        let labels = Labels(["alertname": "DivanPostgresDown", "severity": "critical"])
        guard case .open(let opening) = router.route(labels, openIncidents: [:]) else {
            Issue.record("a critical Divan alert must open an incident")
            return
        }
        var incident = router.open(opening, id: "INC-1", fingerprint: "f1", labels: labels, at: t0)
        #expect(incident.escalate(to: t0, engine: engine).count == 2)
        #expect(steps(incident.escalate(to: t0.plus(minutes: 15), engine: engine)) == [["bob"]])
        try incident.acknowledge(by: "bob", at: t0.plus(minutes: 20))
        #expect(incident.escalate(to: t0.plus(minutes: 30), engine: engine).isEmpty)
        #expect(incident.escalation.map(engine.nextDeadline) == .some(nil))
        let pages = incident.timeline.filter { if case .notified = $0.kind { true } else { false } }
        #expect(pages.map(\.at) == [t0, t0, t0.plus(minutes: 15)])
    }

    @Test func seed004CriticalLadderL1ThenL2AtFifteenThenL3AtFortyFive() throws {
        let engine = EscalationEngine(config: try example("seed-004-agentguard.yml"))
        let start = at("2026-03-04 10:00", "America/New_York")  // week 8 since 5 January: primary-oncall
        var state = try #require(engine.start(severity: "CRITICAL", triggeredAt: start))
        #expect(steps(engine.advance(&state, to: start)) == [["primary-oncall"]])
        #expect(engine.advance(&state, to: start.plus(minutes: 14)).isEmpty)
        #expect(steps(engine.advance(&state, to: start.plus(minutes: 15))) == [["senior-engineer"]])
        #expect(engine.nextDeadline(state) == start.plus(minutes: 45))
        #expect(steps(engine.advance(&state, to: start.plus(minutes: 45))) == [["management"]])
    }

    @Test func seed004ErrorStartsEscalatingAfterOneHourAndAckStopsIt() throws {
        let config = try example("seed-004-agentguard.yml")
        let engine = EscalationEngine(config: config)
        var incident = Incident(id: "INC-2", title: "Database Error", severity: "ERROR", openedAt: t0, openedBy: .system("test"),
                                escalation: engine.start(severity: "ERROR", triggeredAt: t0))
        #expect(incident.escalate(to: t0.plus(minutes: 59), engine: engine).isEmpty)
        #expect(incident.escalate(to: t0.plus(minutes: 60), engine: engine).map(\.id.level) == [0])
        #expect(incident.escalation.flatMap(engine.nextDeadline) == t0.plus(minutes: 75))
        try incident.acknowledge(by: "primary-oncall", at: t0.plus(minutes: 70))
        #expect(incident.escalate(to: t0.plus(minutes: 200), engine: engine).isEmpty)
        #expect(engine.start(severity: "INFO", triggeredAt: t0) == nil)
    }

    @Test func restoredStateMidLadderSkipsNothingAndRepeatsNothing() throws {
        let config = try example("seed-003-divan.yml")
        let engine = EscalationEngine(config: config)
        var incident = Incident(id: "INC-3", title: "t", severity: "critical", openedAt: t0, openedBy: .system("test"),
                                escalation: engine.start(severity: "critical", triggeredAt: t0))
        #expect(incident.escalate(to: t0.plus(minutes: 16), engine: engine).map(\.id.level) == [0, 1, 2])
        // The server stops here; the incident is stored and read back by a new process.
        let stored = try JSONEncoder().encode(incident)
        var restored = try JSONDecoder().decode(Incident.self, from: stored)
        #expect(restored == incident)
        #expect(restored.escalate(to: t0.plus(minutes: 16), engine: EscalationEngine(config: config)).isEmpty)
        let late = restored.escalate(to: t0.plus(minutes: 31), engine: EscalationEngine(config: config))
        #expect(late.map(\.id.level) == [3])
        #expect(late.first?.dueAt == t0.plus(minutes: 30))
    }

    @Test func stepsOwedDuringDowntimeGoOutOnceEachAfterRestart() throws {
        let engine = EscalationEngine(config: try example("seed-003-divan.yml"))
        var state = try #require(engine.start(severity: "warning", triggeredAt: t0))
        #expect(engine.advance(&state, to: t0).count == 1)
        var restored = try JSONDecoder().decode(EscalationState.self, from: JSONEncoder().encode(state))
        let owed = engine.advance(&restored, to: t0.plus(minutes: 45))
        #expect(owed.map(\.id.level) == [2, 3])
        #expect(owed.map(\.dueAt) == [t0.plus(minutes: 15), t0.plus(minutes: 30)])
        #expect(engine.advance(&restored, to: t0.plus(minutes: 46)).isEmpty)
    }

    @Test func repeatRunsTheLadderAgain() throws {
        let config = try parse("""
            oncall:
              users: [{id: a}, {id: b}]
              severity_policies: [{severity: high, respond_within: 5m, escalation_policy: p}]
              escalation_policies:
                - name: p
                  levels: [{after: 0m, users: [a]}, {after: 10m, users: [b]}]
                  repeat: 1
                  repeat_after: 30m
            """)
        let engine = EscalationEngine(config: config)
        var state = try #require(engine.start(severity: "high", triggeredAt: t0))
        #expect(engine.plan(state).map(\.dueAt) == [t0, t0.plus(minutes: 10), t0.plus(minutes: 30), t0.plus(minutes: 40)])
        #expect(engine.advance(&state, to: t0.plus(minutes: 35)).map(\.id) == [
            .init(cycle: 0, level: 0), .init(cycle: 0, level: 1), .init(cycle: 1, level: 0),
        ])
    }

    @Test func manualEscalationSendsTheNextLevelNowAndItIsNotSentAgain() throws {
        let engine = EscalationEngine(config: try example("seed-003-divan.yml"))
        var incident = Incident(id: "INC-4", title: "t", severity: "warning", openedAt: t0, openedBy: .system("test"),
                                escalation: engine.start(severity: "warning", triggeredAt: t0))
        _ = incident.escalate(to: t0, engine: engine)
        let forced = incident.escalateNow(by: .user("alice"), at: t0.plus(minutes: 2), engine: engine)
        #expect(forced?.users == ["bob"])
        #expect(forced?.dueAt == t0.plus(minutes: 2))
        #expect(incident.escalate(to: t0.plus(minutes: 15), engine: engine).isEmpty)
        #expect(incident.escalate(to: t0.plus(minutes: 30), engine: engine).map(\.id.level) == [3])
    }

    @Test func pagingWaitsForBusinessHoursWhenThePolicySaysSo() throws {
        let config = try parse("""
            oncall:
              users: [{id: a}]
              severity_policies:
                - severity: info
                  respond_within: 4h
                  escalation_policy: p
                  business_hours: {time_zone: America/New_York, start: "09:00", end: "17:00"}
              escalation_policies: [{name: p, levels: [{after: 0m, users: [a]}]}]
            """)
        let engine = EscalationEngine(config: config)
        let saturday = at("2026-03-07 11:00", "America/New_York")
        let state = try #require(engine.start(severity: "info", triggeredAt: saturday))
        #expect(state.startsAt == at("2026-03-09 09:00", "America/New_York"))
    }
}
