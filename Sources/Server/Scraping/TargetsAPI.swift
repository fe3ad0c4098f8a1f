import Foundation
import Hummingbird
import Scrape
import VigilCore

/// `GET /api/v1/targets` in Prometheus 2.42's shape: `activeTargets` (discovered labels,
/// labels, pool, URLs, last scrape, health, interval, timeout) and `droppedTargets`, pools in
/// name order; `state=active|dropped|any` and `scrapePool=<job>` filter as Prometheus's do.
struct TargetsAPI: Sendable {
    let manager: ScrapeManager
    /// This machine's name, which replaces a loopback host in `globalUrl`.
    let hostname: String

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("api/v1/targets", use: targets)
    }

    @Sendable func targets(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let state = (request.uri.queryParameters.get("state") ?? "").lowercased()
        let pool = request.uri.queryParameters.get("scrapePool")
        let showActive = ["", "any", "active"].contains(state)
        let showDropped = ["", "any", "dropped"].contains(state)
        let pools = await manager.snapshot()
            .filter { pool == nil || pool == "" || $0.job.jobName == pool }
            .sorted { $0.job.jobName < $1.job.jobName }
        var out = #"{"activeTargets":["#
        var first = true
        if showActive {
            for pool in pools {
                for active in pool.active {
                    if !first { out += "," }
                    first = false
                    append(active, pool: pool.job.jobName, to: &out)
                }
            }
        }
        out += #"],"droppedTargets":["#
        first = true
        if showDropped {
            for pool in pools {
                for labels in pool.dropped {
                    if !first { out += "," }
                    first = false
                    out += #"{"discoveredLabels":"#
                    PrometheusResponse.appendLabels(labels, to: &out)
                    out += "}"
                }
            }
        }
        return PrometheusResponse.success(data: out + "]}")
    }

    private func append(_ active: ActiveTargetSnapshot, pool: String, to out: inout String) {
        let target = active.target, status = active.status
        out += #"{"discoveredLabels":"#
        PrometheusResponse.appendLabels(target.discoveredLabels, to: &out)
        out += #","labels":"#
        PrometheusResponse.appendLabels(target.labels, to: &out)
        out += #","scrapePool":"#
        PrometheusResponse.appendJSONString(pool, to: &out)
        out += #","scrapeUrl":"#
        PrometheusResponse.appendJSONString(target.url, to: &out)
        out += #","globalUrl":"#
        PrometheusResponse.appendJSONString(globalURL(target), to: &out)
        out += #","lastError":"#
        PrometheusResponse.appendJSONString(status.lastError, to: &out)
        out += #","lastScrape":"# + "\"\(Self.rfc3339(status.lastScrape))\""
        out += #","lastScrapeDuration":"# + PrometheusResponse.format(status.lastScrapeDuration)
        out += #","health":""# + status.health.rawValue + "\""
        out += #","scrapeInterval":"# + "\"\(target.scrapeInterval)\""
        out += #","scrapeTimeout":"# + "\"\(target.scrapeTimeout)\"}"
    }

    /// The scrape URL with a loopback host replaced by `hostname`, as Prometheus's `globalURL`.
    func globalURL(_ target: ScrapeTarget) -> String {
        let address = target.address
        guard let colon = address.lastIndex(of: ":") else { return target.url }
        let host = address[..<colon]
        guard host == "localhost" || host.hasPrefix("127.") || host == "[::1]" || host == "0.0.0.0" else { return target.url }
        return target.url.replacingOccurrences(of: "://\(address)", with: "://\(hostname)\(address[colon...])")
    }

    /// Go's `time.Time` in JSON (RFC 3339, fractional seconds without trailing zeros); the
    /// zero time before the first scrape.
    static func rfc3339(_ date: Date?) -> String {
        guard let date else { return "0001-01-01T00:00:00Z" }
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = Date(timeIntervalSince1970: Double(millis.floorDiv(1000)))
        var text = ISO8601DateFormatter().string(from: seconds)  // UTC, whole seconds, "Z"
        if text.hasSuffix("Z") { text.removeLast() }
        var fraction = String(millis.floorMod(1000))
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return text + (fraction.isEmpty ? "" : "." + fraction) + "Z"
    }
}

extension Int64 {
    fileprivate func floorDiv(_ d: Int64) -> Int64 { (self - floorMod(d)) / d }
    fileprivate func floorMod(_ d: Int64) -> Int64 { ((self % d) + d) % d }
}
