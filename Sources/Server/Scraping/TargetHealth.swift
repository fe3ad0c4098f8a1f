import Foundation
import Ingest

/// A target's health as `/api/v1/targets` reports it.
public enum TargetHealth: String, Sendable, Hashable {
    /// Not scraped yet.
    case unknown
    case up
    case down
}

/// The outcome of a target's last scrape.
public struct TargetStatus: Sendable, Hashable {
    public var health = TargetHealth.unknown
    /// Empty when the last scrape succeeded.
    public var lastError = ""
    /// When the last scrape started; nil before the first.
    public var lastScrape: Date?
    /// Seconds.
    public var lastScrapeDuration = 0.0
    /// The metric families' `# TYPE` / `# HELP` / `# UNIT` from the last successful scrape.
    public var metadata: [String: MetricMetadata] = [:]
    public init() {}
}
