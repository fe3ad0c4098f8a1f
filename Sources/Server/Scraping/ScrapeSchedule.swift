import Scrape
import VigilCore

/// When a target is scraped: every `interval`, at a fixed offset within the interval derived
/// from the target's hash, so a job's targets spread over the interval instead of all being
/// scraped at once (Prometheus's `Target.offset`, `scrape/target.go`). Times in milliseconds.
struct ScrapeSchedule: Sendable, Hashable {
    let interval: Int64
    /// In `0..<interval`: every slot `t` has `t % interval == offset`.
    let offset: Int64

    init(interval: Int64, hash: UInt64) {
        precondition(interval > 0, "BUG: a scrape interval must be positive")
        self.interval = interval
        offset = Int64(hash % UInt64(interval))
    }

    /// The schedule of `target`, hashed over its labels and URL as Prometheus hashes it.
    init(target: ScrapeTarget) {
        let key = target.internalLabels.setting("__vigil_scrape_url__", to: target.url)
        self.init(interval: target.scrapeInterval.milliseconds, hash: key.fingerprint.rawValue)
    }

    /// The first slot at or after `now`.
    func firstSlot(atOrAfter now: Int64) -> Int64 {
        let phase = ((now - offset) % interval + interval) % interval
        return phase == 0 ? now : now - phase + interval
    }

    /// The slot after `slot`, skipping slots already past at `now` (a scrape that ran late
    /// does not trigger a burst of catch-up scrapes, as Go's ticker drops ticks).
    func nextSlot(after slot: Int64, now: Int64) -> Int64 {
        var next = slot + interval
        if next <= now { next = firstSlot(atOrAfter: now + 1) }
        return next
    }
}
