import Foundation
import Governance
import Prometheus

/// Anchoring's metrics in the server's registry, served on `/metrics`:
///
/// - `vigil_ledger_anchor_failures_total`: attempts that recorded nothing (no answer, non-2xx,
///   a ledger that no longer matches the last anchor)
/// - `vigil_ledger_anchor_last_success_timestamp_seconds`: when the last anchor was accepted
/// - `vigil_ledger_anchored_seq`: the seq of the last anchored head
struct AnchorMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    /// Creates the series at once, at 0, so the first failure is an increase rules can see.
    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        _ = registry.makeCounter(name: "vigil_ledger_anchor_failures_total")
        record(nil)
    }

    func failed() {
        registry.makeCounter(name: "vigil_ledger_anchor_failures_total").increment()
    }

    /// Sets the gauges to the last anchor recorded in the database (0 when none).
    func record(_ anchor: LedgerAnchor?) {
        registry.makeGauge(name: "vigil_ledger_anchor_last_success_timestamp_seconds")
            .set(anchor?.time.timeIntervalSince1970 ?? 0)
        registry.makeGauge(name: "vigil_ledger_anchored_seq").set(Double(anchor?.head.seq ?? 0))
    }
}
