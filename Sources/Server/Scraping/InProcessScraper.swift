import Prometheus
import Scrape

/// Scrapes Vigil's own registry without a network round trip: the bytes `GET /metrics` would
/// serve, parsed as a scrape of them would be, so the implicit `job="vigil"` gets the same
/// series (`up`, `scrape_duration_seconds`, …) as a Prometheus scraping Vigil.
public struct InProcessScraper: TargetScraper {
    let registry: PrometheusCollectorRegistry
    /// Updates the gauges `/metrics` computes on demand.
    let refresh: @Sendable () async -> Void

    public init(registry: PrometheusCollectorRegistry, refresh: @escaping @Sendable () async -> Void) {
        self.registry = registry
        self.refresh = refresh
    }

    public func scrape(_ target: ScrapeTarget, job: ScrapeConfig) async -> ScrapeInput {
        await refresh()
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return ScrapeInput.parse(bytes, contentType: "text/plain; version=0.0.4")
    }
}
