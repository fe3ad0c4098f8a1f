import Alerting
import Foundation
import Governance
import Hummingbird
import Persistence
import VigilCore

/// `GET /api/vigil/v1/audit` (entries, newest last, filterable by actor, action and target)
/// and `GET /api/vigil/v1/audit/verify` (the whole chain and the last anchor).
struct AuditAPI: Sendable {
    let ledger: LedgerRepository

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("api/vigil/v1/audit", use: list)
        router.get("api/vigil/v1/audit/verify", use: verify)
    }

    struct WireEntry: Encodable {
        var seq: Int64, time: String, actor: String, action: String, target: String, details: String
        var prevHash: String, hash: String
    }

    @Sendable func list(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var limit = 100
        if let text = parameters.get("limit") {
            guard let value = Int(text), value > 0 else { throw HTTPError(.badRequest, message: "limit: must be a positive integer") }
            limit = min(value, 10_000)
        }
        let actor = parameters.get("actor"), action = parameters.get("action"), target = parameters.get("target")
        let head = try await ledger.head()
        var found: [LedgerEntry] = []
        var last = head.seq
        // Walk back in pages until `limit` matching entries are found.
        while last > 0, found.count < limit {
            let page = try await ledger.entries(from: max(1, last - 999), through: last)
            for entry in page.reversed() where found.count < limit {
                if let actor, entry.actor != actor { continue }
                if let action, entry.action != action { continue }
                if let target, entry.target != target { continue }
                found.append(entry)
            }
            last -= 1000
        }
        return try jsonResponse(found.reversed().map {
            WireEntry(seq: $0.seq, time: GoTime.format($0.date), actor: $0.actor, action: $0.action, target: $0.target,
                      details: $0.details, prevHash: $0.prevHash, hash: $0.hash)
        })
    }

    struct WireVerification: Encodable { var valid: Bool; var entries: Int?; var headHash: String?; var brokenAt: Int64?; var reason: String? }

    @Sendable func verify(_ request: Request, context: VigilRequestContext) async throws -> Response {
        switch try await ledger.verify() {
        case .valid(let count, let head):
            return try jsonResponse(WireVerification(valid: true, entries: count, headHash: head.hash))
        case .broken(let failure):
            return try jsonResponse(WireVerification(valid: false, brokenAt: failure.seq, reason: failure.description),
                                    status: .conflict)
        }
    }
}
