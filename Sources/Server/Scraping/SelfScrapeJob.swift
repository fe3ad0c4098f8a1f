import Scrape
import VigilCore

/// The implicit job that scrapes Vigil's own `/metrics` as `job="vigil"`, so a first start
/// already has data and the self-monitoring rules (`up{job="vigil"}`) work.
enum SelfScrapeJob {
    static let name = "vigil"

    /// The job, unless `scrape.self_scrape_interval` is 0s or a configured job already scrapes
    /// Vigil: one named `vigil`, or one with a static target at `address` (Vigil's listen
    /// address, also spelt `localhost:<port>` or `127.0.0.1:<port>`).
    static func config(settings: ScrapeSettings, jobs: ScrapeConfigs, address: String, port: Int) -> ScrapeConfig? {
        guard settings.selfScrapeInterval != .zero else { return nil }
        let own: Set<String> = [address, "localhost:\(port)", "127.0.0.1:\(port)"]
        for job in jobs.jobs {
            if job.jobName == name { return nil }
            if job.staticConfigs.contains(where: { $0.targets.contains(where: own.contains) }) { return nil }
        }
        let interval = settings.selfScrapeInterval
        var config = ScrapeConfig(jobName: name, global: ScrapeGlobal(scrapeInterval: interval,
                                                                      scrapeTimeout: min(settings.global.scrapeTimeout, interval)))
        config.staticConfigs = [StaticConfig(targets: [address])]
        return config
    }
}
