import Alerting
import Foundation
import Hummingbird
import NIOCore
import Persistence
import Prometheus
import OnCall
import Rules
import VigilConfig
import VigilCore

/// `/health`, `/-/healthy`, `/-/ready`, `/-/reload` and `/metrics`.
struct OperationsAPI: Sendable {
    let state: ServerState
    let system: AlertingSystem
    let database: SQLiteDatabase
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("health", use: health)
        router.get("-/healthy") { _, _ in "OK" }
        router.get("-/ready") { _, _ in "OK" }
        router.post("-/reload", use: reload)
        router.get("metrics", use: metrics)
    }

    struct ComponentHealth: Encodable { var status: String; var detail: String? }
    struct Health: Encodable { var status: String; var components: [String: ComponentHealth] }

    @Sendable func health(_ request: Request, context: VigilRequestContext) async throws -> Response {
        var components: [String: ComponentHealth] = [:]
        let databaseUp = await database.ping()
        components["database"] = ComponentHealth(status: databaseUp ? "up" : "down", detail: databaseUp ? nil : "SQLite did not answer")
        let reloadOK = await state.lastReloadSuccess
        components["config"] = ComponentHealth(status: reloadOK ? "up" : "degraded",
                                               detail: reloadOK ? nil : "last reload failed; previous config in force")
        let muted = await system.pipeline.isMuted
        let backlog = await system.delivery.backlog().values.reduce(0, +)
        components["notifications"] = ComponentHealth(status: muted ? "muted" : "up",
                                                      detail: "\(backlog) notification(s) queued")
        let healthy = databaseUp
        let body = Health(status: healthy ? "up" : "down", components: components)
        return try jsonResponse(body, status: healthy ? .ok : .serviceUnavailable)
    }

    @Sendable func reload(_ request: Request, context: VigilRequestContext) async throws -> Response {
        do {
            try await state.reload(by: context.auditActor(or: "api"))
            return Response(status: .ok)
        } catch let error as ConfigErrors {
            throw HTTPError(.badRequest, message: "failed to reload config: \(error)")
        }
    }

    /// Sets the gauges that are read from components rather than updated as things happen.
    static func refreshGauges(state: ServerState, system: AlertingSystem, registry: PrometheusCollectorRegistry) async {
        let now = system.clock.now()
        registry.makeGauge(name: "vigil_silences", labels: [("state", "active")]).set(Double(await system.silences.count(in: .active, at: now)) as Double)
        registry.makeGauge(name: "vigil_silences", labels: [("state", "pending")]).set(Double(await system.silences.count(in: .pending, at: now)) as Double)
        registry.makeGauge(name: "vigil_alerts").set(Double(await system.dispatcher.alertCount))
        registry.makeGauge(name: "vigil_notifications_muted").set(await system.pipeline.isMuted ? 1.0 : 0.0)
        var backlog = 0
        for (_, count) in await system.delivery.backlog() { backlog += count }
        registry.makeGauge(name: "vigil_notifications_queued").set(Double(backlog))
        registry.makeGauge(name: "vigil_config_last_reload_successful").set(await state.lastReloadSuccess ? 1.0 : 0.0)
        let incidents = await state.incidents.list()
        for status in IncidentStatus.allCases {
            registry.makeGauge(name: "vigil_incidents", labels: [("status", status.rawValue)])
                .set(Double(incidents.filter { $0.status == status }.count))
        }
        if let config = await state.incidents.config {
            var acknowledge = 0, resolve = 0
            for incident in incidents {
                guard let report = config.severityPolicy(for: incident.severity)?.evaluate(incident, at: now) else { continue }
                if report.acknowledgeBreached { acknowledge += 1 }
                if report.resolveBreached { resolve += 1 }
            }
            registry.makeGauge(name: "vigil_incident_sla_breaches", labels: [("sla", "acknowledge")]).set(Double(acknowledge))
            registry.makeGauge(name: "vigil_incident_sla_breaches", labels: [("sla", "resolve")]).set(Double(resolve))
            registry.makeGauge(name: "vigil_incident_follow_ups_overdue")
                .set(Double(incidents.reduce(0) { $0 + $1.overdueFollowUps(at: now).count }))
        }
        for group in await state.rules.groups() {
            let labels = [("rule_group", group.key)]
            registry.makeGauge(name: "vigil_rule_group_last_duration_seconds", labels: labels).set(group.evaluationDuration)
            registry.makeGauge(name: "vigil_rule_group_interval_seconds", labels: labels).set(Double(group.interval) / 1000)
            registry.makeGauge(name: "vigil_rule_group_iterations_missed", labels: labels).set(Double(group.missedIterations))
            registry.makeGauge(name: "vigil_rule_group_rules", labels: labels).set(Double(group.rules.count))
            registry.makeGauge(name: "vigil_rule_group_rules_unhealthy", labels: labels)
                .set(Double(group.rules.filter { $0.health == .err }.count))
        }
    }

    @Sendable func metrics(_ request: Request, context: VigilRequestContext) async throws -> Response {
        await Self.refreshGauges(state: state, system: system, registry: registry)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }
}
