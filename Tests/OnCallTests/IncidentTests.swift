import Foundation
import OnCall
import Testing
import VigilCore

/// The incident state machine, SLA evaluation, follow-ups, auto-resolve and the post-mortem.
@Suite struct IncidentTests {
    let t0 = at("2026-03-04 10:00")

    func incident(_ severity: Severity = "critical") -> Incident {
        Incident(id: "INC-7", title: "GraphDatabaseConnectionFailure", severity: severity, summary: "Neo4j unreachable",
                 openedAt: t0, openedBy: .system("test"))
    }

    @Test func walksTheLifecycleRecordingWhoAndWhen() throws {
        var i = incident()
        try i.acknowledge(by: "alice", at: t0.plus(minutes: 5))
        try i.move(to: .investigating, by: .user("alice"), at: t0.plus(minutes: 6))
        try i.move(to: .mitigated, by: .user("bob"), at: t0.plus(minutes: 40))
        try i.move(to: .resolved, by: .user("alice"), at: t0.plus(minutes: 90))
        #expect(i.transitions.map { "\($0.from)>\($0.to) \($0.by)" } == [
            "triggered>acknowledged alice", "acknowledged>investigating alice", "investigating>mitigated bob", "mitigated>resolved alice",
        ])
        #expect(i.acknowledgedAt == t0.plus(minutes: 5))
        #expect(i.resolvedAt == t0.plus(minutes: 90))
        #expect(i.responders == ["alice", "bob"])
    }

    @Test("refuses invalid transitions and leaves the incident unchanged", arguments: [
        (IncidentStatus.resolved, IncidentStatus.acknowledged, #"cannot acknowledge incident "INC-7": it is resolved"#),
        (.investigating, .acknowledged, #"cannot acknowledge incident "INC-7": it is investigating"#),
        (.mitigated, .investigating, #"cannot start investigating incident "INC-7": it is mitigated"#),
        (.acknowledged, .acknowledged, #"incident "INC-7" is already acknowledged"#),
        (.resolved, .triggered, #"cannot re-trigger incident "INC-7": it is resolved"#),
    ])
    func refuses(current: IncidentStatus, target: IncidentStatus, message: String) throws {
        var i = incident()
        if current != .triggered { try i.move(to: current, by: .user("alice"), at: t0.plus(minutes: 1)) }
        let before = i
        let error = #expect(throws: IncidentError.self) { try i.move(to: target, by: .user("bob"), at: t0.plus(minutes: 2)) }
        #expect(error?.description == message)
        #expect(i == before)
    }

    @Test func ackingAResolvedIncidentThrows() throws {
        var i = incident()
        try i.resolve(by: .user("alice"), at: t0.plus(minutes: 3), config: OnCallConfig())
        let before = i
        #expect(throws: IncidentError.invalidTransition("INC-7", from: .resolved, to: .acknowledged)) {
            try i.acknowledge(by: "bob", at: t0.plus(minutes: 4))
        }
        #expect(i == before)
    }

    @Test func slaAgainstSeed004Critical() throws {
        let policy = try #require(try example("seed-004-agentguard.yml").severityPolicy(for: "CRITICAL"))
        var late = incident("CRITICAL")
        #expect(policy.evaluate(late, at: t0.plus(minutes: 14)).breached == false)
        #expect(policy.evaluate(late, at: t0.plus(minutes: 16)).acknowledgeBreached)
        try late.acknowledge(by: "alice", at: t0.plus(minutes: 20))
        let report = policy.evaluate(late, at: t0.plus(minutes: 30))
        #expect(report.timeToAcknowledge.map { Int($0.rounded()) } == 20 * 60)
        #expect(report.acknowledgeBreached)
        #expect(report.resolveBy == t0.plus(minutes: 240))
        #expect(report.resolveBreached == false)
        var prompt = incident("CRITICAL")
        try prompt.acknowledge(by: "alice", at: t0.plus(minutes: 10))
        #expect(policy.evaluate(prompt, at: t0.plus(minutes: 100)).acknowledgeBreached == false)
    }

    @Test func seed001InfoClockRunsOnlyInBusinessHours() throws {
        let policy = try #require(try example("seed-001-provenance.yml").severityPolicy(for: "info"))
        let friday = at("2026-03-06 16:00", "America/New_York")
        let i = Incident(id: "INC-8", title: "HighMemoryUsage", severity: "info", openedAt: friday, openedBy: .system("test"))
        // One hour on Friday, three on Monday.
        #expect(policy.evaluate(i, at: friday).acknowledgeBy == at("2026-03-09 12:00", "America/New_York"))
        #expect(policy.evaluate(i, at: at("2026-03-09 11:59", "America/New_York")).acknowledgeBreached == false)
    }

    @Test func resolvingCreatesSeed001FollowUpsWithDueDates() throws {
        let config = try example("seed-001-provenance.yml")
        var i = incident()
        try i.resolve(by: .user("alice"), at: t0, config: config)
        #expect(i.followUps.map(\.task) == [
            "Conduct post-mortem meeting", "Complete incident report and action items", "Implement preventive measures",
        ])
        #expect(i.followUps.map(\.dueAt) == [t0.plus(minutes: 24 * 60), t0.plus(minutes: 7 * 24 * 60), t0.plus(minutes: 30 * 24 * 60)])
        #expect(i.overdueFollowUps(at: t0.plus(minutes: 25 * 60)).map(\.task) == ["Conduct post-mortem meeting"])
        try i.completeFollowUp(0, by: "alice", at: t0.plus(minutes: 25 * 60))
        #expect(i.overdueFollowUps(at: t0.plus(minutes: 25 * 60)).isEmpty)
        #expect(throws: IncidentError.followUpAlreadyDone("INC-7", index: 0)) { try i.completeFollowUp(0, by: "bob", at: t0) }
        var info = incident("info")
        try info.resolve(by: .user("alice"), at: t0, config: config)
        #expect(info.followUps.isEmpty)
    }

    @Test func rootCauseMustBeAConfiguredCategory() throws {
        var i = incident()
        let error = #expect(throws: IncidentError.self) {
            try i.setRootCause("Cosmic Rays", analysis: "", categories: RootCauseCategory.defaults, by: .user("alice"), at: t0)
        }
        #expect(error?.description == #"unknown root cause category "Cosmic Rays" for incident "INC-7" (categories: Misconfig, Legit Load, External Dependency, Unknown)"#)
        #expect(i.rootCause == nil)
        try i.setRootCause("Misconfig", analysis: "max_items unbounded", categories: RootCauseCategory.defaults, by: .user("alice"), at: t0)
        #expect(i.rootCause?.category == "Misconfig")
    }

    @Test func alertsJoinByGroupKeyAndAutoResolveTheIncident() throws {
        let config = try example("seed-003-divan.yml")
        let router = IncidentRouter(config: config)
        let first = Labels(["alertname": "DivanRedisDown", "severity": "critical", "instance": "r1"])
        let second = Labels(["alertname": "DivanRedisDown", "severity": "critical", "instance": "r2"])
        guard case .open(let opening) = router.route(first, openIncidents: [:]) else { Issue.record("expected open"); return }
        #expect(opening.groupKey == #"divan{alertname="DivanRedisDown"}"#)
        #expect(opening.autoResolve)
        var i = router.open(opening, id: "INC-9", fingerprint: "f1", labels: first, at: t0)
        #expect(router.route(second, openIncidents: [opening.groupKey: i.id]) == .join("INC-9"))
        try i.alertFired(fingerprint: "f2", labels: second, at: t0.plus(minutes: 1))
        i.alertResolved(fingerprint: "f1", at: t0.plus(minutes: 10))
        #expect(i.status == .triggered)
        i.alertResolved(fingerprint: "f2", at: t0.plus(minutes: 12))
        #expect(i.status == .resolved)
        #expect(i.resolvedBy == .system("auto_resolve"))
        #expect(throws: IncidentError.closed("INC-9")) { try i.alertFired(fingerprint: "f3", labels: second, at: t0.plus(minutes: 13)) }
        #expect(router.route(Labels(["alertname": "Other", "severity": "critical"]), openIncidents: [:]) == .ignore)
    }

    @Test func postMortemDraftFollowsSeed001Template() throws {
        let config = try example("seed-004-agentguard.yml")
        let engine = EscalationEngine(config: config)
        var i = Incident(id: "INC-10", title: "API Service Down", severity: "CRITICAL", summary: "Health check returned 503.",
                         openedAt: t0, openedBy: .system("incident_rule agentguard"),
                         escalation: engine.start(severity: "CRITICAL", triggeredAt: t0))
        i.impact = "agentguard-api unavailable for all customers."
        _ = i.escalate(to: t0.plus(minutes: 15), engine: engine)
        try i.acknowledge(by: "senior-engineer", at: t0.plus(minutes: 18))
        i.addNote("Rolled back deploy 42", by: .user("senior-engineer"), at: t0.plus(minutes: 25))
        try i.setRootCause("Misconfig", analysis: "Bad env var in deploy 42.", categories: config.rootCauseCategories,
                           by: .user("senior-engineer"), at: t0.plus(minutes: 30))
        try i.resolve(by: .user("senior-engineer"), at: t0.plus(minutes: 40), config: config)
        let draft = PostMortemDraft(incident: i, policy: config.severityPolicy(for: "CRITICAL")).markdown(at: t0.plus(minutes: 60))
        let expectedLines = [
            "# Post-mortem: API Service Down (INC-10)",
            "Health check returned 503.",
            "Duration: 40m.",
            "Category: **Misconfig**",
            "| 2026-03-04 10:15 GMT | vigil (escalation) | escalated, level 2: senior-engineer |",
            "| 2026-03-04 10:25 GMT | senior-engineer | note: Rolled back deploy 42 |",
            "- Time to acknowledge: 18m (target 15m, **breached**)",
            "- Time to resolve: 40m (target 4h, met)",
            "- [ ] Document root cause and update the incident log, due 2026-03-05 10:40 GMT",
        ]
        for line in expectedLines { #expect(draft.split(separator: "\n").contains(Substring(line)), "missing: \(line)") }
        for section in ["Incident Summary", "Impact Assessment", "Root Cause Analysis", "Timeline", "Response Analysis", "Action Items"] {
            #expect(draft.contains("\n## \(section)\n"))
        }
    }

    @Test func incidentRoundTripsThroughJSON() throws {
        var i = incident()
        i.addNote("looking", by: .user("alice"), at: t0)
        i.checkRunbookStep("Check Neo4j pod status", runbook: "GraphDatabaseConnectionFailure", by: "alice", at: t0)
        i.recordAction("restart-neo4j", succeeded: true, detail: "pod restarted", by: .system("action"), at: t0)
        let copy = try JSONDecoder().decode(Incident.self, from: JSONEncoder().encode(i))
        #expect(copy == i)
        #expect(copy.timeline.count == 4)
    }
}
