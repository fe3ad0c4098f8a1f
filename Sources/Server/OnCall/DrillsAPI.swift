import Alerting
import Foundation
import Hummingbird
import NIOFoundationCompat
import OnCall
import VigilCore

/// `POST /api/vigil/v1/drills`: sends a synthetic, clearly marked alert (`vigil_drill="true"`,
/// summary `DRILL: …`) through the whole pipeline, as seed 003's quarterly playbook test asks,
/// and answers with each hop it will take: the routes and receivers it matches, silences that
/// would mute it, the incident rule it opens an incident by, and the escalation plan with the
/// people on call at each level's time. Delivery results then show in
/// `GET /api/vigil/v1/notifications` (`vigil drill` waits for them).
struct DrillsAPI: Sendable {
    let system: AlertingSystem
    let incidents: IncidentManager

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.post("api/vigil/v1/drills", use: drill)
    }

    struct Body: Decodable {
        var alertname: String
        var user: String
        var labels: [String: String]?
        /// How long the drill alert stays firing (default 10m).
        var duration: String?
    }

    struct Report: Encodable {
        struct RouteHop: Encodable { var receiver: String; var groupBy: [String]; var groupWaitSeconds: Double }
        struct IncidentHop: Encodable { var rule: String; var severity: String; var escalationPolicy: String?; var groupKey: String }
        struct EscalationHop: Encodable {
            var level: String; var dueAt: Date; var users: [String]; var receivers: [String]; var uncoveredSchedules: [String]
        }
        var fingerprint: String
        var labels: [String: String]
        var startedAt: Date
        var endsAt: Date
        var routes: [RouteHop]
        var silencedBy: [String]
        var incident: IncidentHop?
        var escalation: [EscalationHop]
    }

    @Sendable func drill(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let data = try await request.body.collect(upTo: 1 << 16)
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: data) } catch {
            throw HTTPError(.badRequest, message: describe(error))
        }
        guard !body.alertname.isEmpty else {
            throw HTTPError(.badRequest, message: "alertname: must not be empty")
        }
        if body.user.isEmpty { throw HTTPError(.badRequest, message: "user: must not be empty") }
        var duration = PromDuration.minutes(10)
        if let text = body.duration {
            do { duration = try PromDuration(parsing: text) } catch {
                throw HTTPError(.badRequest, message: "duration: \(error.message)")
            }
        }
        var labels = body.labels ?? [:]
        for name in labels.keys where !LabelName.isValid(name) {
            throw HTTPError(.badRequest, message: "labels: invalid label name \(quoteGoString(name))")
        }
        labels["alertname"] = body.alertname
        labels["vigil_drill"] = "true"
        let now = system.clock.now()
        let alert = Alert(labels: Labels(labels),
                          annotations: Labels(["summary": "DRILL: synthetic \(body.alertname) sent by \(body.user)",
                                               "description": "A drill of the alert pipeline; no action is needed beyond acknowledging."]),
                          startsAt: now, endsAt: now.addingTimeInterval(duration.seconds), updatedAt: now)

        let routes = await system.dispatcher.routingTree.match(alert.labels).map {
            Report.RouteHop(receiver: $0.options.receiver, groupBy: $0.options.groupBy.sorted(), groupWaitSeconds: $0.options.groupWait.seconds)
        }
        let silenced = await system.silences.activeSnapshot(at: now).filter { $0.matchers.matches(alert.labels) }.map(\.id)
        var incidentHop: Report.IncidentHop?
        var escalation: [Report.EscalationHop] = []
        if let config = await incidents.config {
            let router = IncidentRouter(config: config)
            if case .open(let opening) = router.route(alert.labels, openIncidents: [:]) {
                incidentHop = Report.IncidentHop(rule: opening.rule, severity: opening.severity.rawValue,
                                                 escalationPolicy: opening.escalationPolicy, groupKey: opening.groupKey)
                let engine = EscalationEngine(config: config)
                if let state = engine.start(severity: opening.severity, policy: opening.escalationPolicy, triggeredAt: now) {
                    escalation = engine.plan(state).map { planned in
                        let step = engine.step(planned.id, dueAt: planned.dueAt, state: state)
                        return Report.EscalationHop(level: planned.id.description, dueAt: planned.dueAt, users: step.users.map(\.rawValue),
                                                    receivers: step.receivers, uncoveredSchedules: step.uncoveredSchedules)
                    }
                }
            }
        }
        await system.dispatcher.put([alert])
        let report = Report(fingerprint: alert.fingerprint.description, labels: labels, startedAt: now, endsAt: alert.endsAt,
                            routes: routes, silencedBy: silenced, incident: incidentHop, escalation: escalation)
        return try IncidentsAPI.json(report, status: .accepted)
    }
}
