import Scrape

/// Fetches one target's metrics. Implementations never throw: every failure (refused
/// connection, timeout, bad status, body too large) is a `ScrapeInput.failed` with the message
/// `/api/v1/targets` shows as `lastError`.
public protocol TargetScraper: Sendable {
    func scrape(_ target: ScrapeTarget, job: ScrapeConfig) async -> ScrapeInput
}
