import Alerting
import Foundation
import Governance
import Persistence
import Hummingbird
import Logging
import NIOFoundationCompat
import VigilCore

/// Vigil's own API for the notification pipeline: the attempt log ("who was told what, when")
/// and the kill switch.
struct NotificationsAPI: Sendable {
    let system: AlertingSystem
    let ledger: LedgerRepository

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("api/vigil/v1/notifications", use: attempts)
        router.get("api/vigil/v1/kill-switch", use: killSwitch)
        router.put("api/vigil/v1/kill-switch", use: setKillSwitch)
    }

    struct WireAttempt: Encodable {
        var outboxID: Int64, receiver: String, integration: String, groupKey: String, alerts: [String]
        var payloadSHA256: String, attempt: Int, at: String, latencySeconds: Double, success: Bool, error: String?
    }

    @Sendable func attempts(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var query = AttemptQuery()
        query.receiver = parameters.get("receiver")
        query.groupKey = parameters.get("group_key")
        if let since = parameters.get("since") {
            guard let date = GoTime.parse(since) else { throw HTTPError(.badRequest, message: "since: invalid RFC 3339 time \(quoteGoString(since))") }
            query.since = date
        }
        if let limit = parameters.get("limit") {
            guard let value = Int(limit), value > 0 else { throw HTTPError(.badRequest, message: "limit: must be a positive integer") }
            query.limit = value
        }
        let rows = try await system.notificationStore.attempts(query)
        return try jsonResponse(rows.map {
            WireAttempt(outboxID: $0.outboxID, receiver: $0.integration.receiver, integration: $0.integration.description,
                        groupKey: $0.groupKey, alerts: $0.alerts, payloadSHA256: $0.payloadHash, attempt: $0.attempt,
                        at: GoTime.format($0.at), latencySeconds: $0.latencySeconds, success: $0.success, error: $0.error)
        })
    }

    struct KillSwitch: Codable { var muted: Bool }

    @Sendable func killSwitch(_ request: Request, context: VigilRequestContext) async throws -> Response {
        try jsonResponse(KillSwitch(muted: await system.pipeline.isMuted))
    }

    @Sendable func setKillSwitch(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 4096)
        let wanted: KillSwitch
        do { wanted = try JSONDecoder().decode(KillSwitch.self, from: body) } catch {
            throw HTTPError(.badRequest, message: describe(error))
        }
        // Ledgered first: a switch that cannot be recorded is not flipped.
        try await ledger.record(AuditEvent(time: system.clock.now(), actor: context.auditActor(or: "api"), action: "notifications.kill_switch",
                                           target: "notifications", details: ["muted": .bool(wanted.muted)])) { _ in }
        await system.pipeline.setMuted(wanted.muted)
        context.logger.notice("kill switch changed", metadata: ["notifications.muted": "\(wanted.muted)"])
        return try jsonResponse(wanted)
    }
}
