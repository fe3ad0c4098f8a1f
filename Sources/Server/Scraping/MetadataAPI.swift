import Foundation
import Hummingbird
import Ingest
import VigilCore

/// `GET /api/v1/metadata` in Prometheus 2.42's shape: each metric family's `# TYPE`, `# HELP` and
/// `# UNIT` as the scraped targets declared them, distinct entries per family
/// (`{"http_requests_total":[{"type":"counter","help":"…","unit":""}]}`), families in name order.
/// `metric` picks one family; `limit` caps the families and `limit_per_metric` the entries each.
struct MetadataAPI: Sendable {
    let manager: ScrapeManager

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("api/v1/metadata", use: metadata)
    }

    @Sendable func metadata(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let limit = try Self.count(parameters.get("limit"), "limit")
        let perMetric = try Self.count(parameters.get("limit_per_metric"), "limit_per_metric")
        let metric = parameters.get("metric").flatMap { $0.isEmpty ? nil : $0 }
        var families: [String: Set<MetricMetadata>] = [:]
        for pool in await manager.snapshot() {
            for active in pool.active {
                for (family, entry) in active.status.metadata where metric == nil || family == metric {
                    families[family, default: []].insert(entry)
                }
            }
        }
        var out = "{"
        for (index, family) in families.keys.sorted().enumerated() {
            if let limit, index >= limit { break }
            if index > 0 { out += "," }
            PrometheusResponse.appendJSONString(family, to: &out)
            out += ":["
            var entries = families[family, default: []].sorted { ($0.type, $0.help, $0.unit) < ($1.type, $1.help, $1.unit) }
            if let perMetric { entries = Array(entries.prefix(perMetric)) }
            for (position, entry) in entries.enumerated() {
                if position > 0 { out += "," }
                out += #"{"type":"#
                PrometheusResponse.appendJSONString(entry.type, to: &out)
                out += #","help":"#
                PrometheusResponse.appendJSONString(entry.help, to: &out)
                out += #","unit":"#
                PrometheusResponse.appendJSONString(entry.unit, to: &out)
                out += "}"
            }
            out += "]"
        }
        return PrometheusResponse.success(data: out + "}")
    }

    /// A non-negative count; nil when absent or negative (Prometheus: no limit).
    private static func count(_ text: String?, _ name: String) throws -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            throw PrometheusResponse.badData("invalid parameter \"\(name)\": \(quoteGoString(text)) is not an integer")
        }
        return value < 0 ? nil : value
    }
}
