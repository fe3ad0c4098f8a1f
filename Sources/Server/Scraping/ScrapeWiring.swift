import Prometheus
import Scrape

/// What the server needs to turn a config into scrape jobs: the `scrape_configs` jobs over
/// HTTP, the implicit in-process `job="vigil"` (`SelfScrapeJob`), and the `probe_configs` jobs,
/// whose targets `Prober` probes.
struct ScrapeWiring: Sendable {
    let manager: ScrapeManager
    let http: HTTPScraper
    let prober: Prober
    let registry: PrometheusCollectorRegistry
    /// Vigil's listen address, `host:port`: the implicit job's target.
    let selfAddress: String
    let selfPort: Int

    /// The jobs of `config`, in config order: the implicit one, scrape jobs, probe jobs.
    func jobs(for config: VigilConfiguration, refresh: @escaping @Sendable () async -> Void) -> [ScrapeJob] {
        var jobs: [ScrapeJob] = []
        if let own = SelfScrapeJob.config(settings: config.scrape, jobs: config.scrapeConfigs, address: selfAddress, port: selfPort) {
            jobs.append(ScrapeJob(config: own, scraper: InProcessScraper(registry: registry, refresh: refresh)))
        }
        jobs += config.scrapeConfigs.jobs.map { ScrapeJob(config: $0, scraper: http) }
        jobs += config.probeConfigs.probes.map { ScrapeJob(config: $0.scrapeConfig, scraper: prober) }
        return jobs
    }
}
