import Scrape

/// A job as the scrape manager runs it: its config and what fetches its targets (HTTP for
/// `scrape_configs`, in-process for Vigil's own implicit job).
public struct ScrapeJob: Sendable {
    public var config: ScrapeConfig
    public var scraper: any TargetScraper

    public init(config: ScrapeConfig, scraper: any TargetScraper) {
        self.config = config
        self.scraper = scraper
    }
}
