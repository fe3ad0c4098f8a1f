import Foundation
import Ingest
import Logging
import Scrape
import Synchronization
import TSDB
import VigilCore

/// One target's scrape loop: sleeps until each slot of its `ScrapeSchedule`, scrapes, turns the
/// body into samples with its `ScrapeCache` and commits them. The cache lives as long as the
/// loop, so a reload that keeps the target keeps its staleness tracking.
final class ScrapeLoop: Sendable {
    /// How a loop ends.
    enum Stop: Sendable {
        /// The target went away: as Prometheus's `endOfRunStaleness`, wait for the slot that would
        /// have been scraped next, then one more interval (another loop may have picked the
        /// series up), then mark every series stale at that slot.
        case staleMarkers
        /// Replaced by a loop with a new config, or shutting down: no markers.
        case silently
    }

    private struct State {
        var stop: Stop?
        /// Fails every scrape without fetching (the job's `target_limit` is exceeded).
        var forcedError: String?
        var status = TargetStatus()
    }

    let target: ScrapeTarget
    let job: ScrapeJob
    let schedule: ScrapeSchedule
    /// Guards what the manager and the API read or change while the loop runs.
    private let state = Mutex(State())

    init(target: ScrapeTarget, job: ScrapeJob) {
        self.target = target
        self.job = job
        schedule = ScrapeSchedule(target: target)
    }

    var status: TargetStatus { state.withLock { $0.status } }

    func stop(_ mode: Stop) { state.withLock { $0.stop = $0.stop ?? mode } }

    func setForcedError(_ message: String?) { state.withLock { $0.forcedError = message } }

    /// Runs until stopped or cancelled; `onStep` is called after each commit.
    func run(clock: any VigilCore.Clock, tsdb: TimeSeriesDB, logger: Logger, onStep: @Sendable () async -> Void) async {
        var cache = ScrapeCache(target: target, job: job.config)
        var slot = schedule.firstSlot(atOrAfter: Self.millis(clock.now()))
        while true {
            do { try await clock.sleep(until: Self.date(slot)) } catch { return }
            let (stop, forced) = state.withLock { ($0.stop, $0.forcedError) }
            switch stop {
            case .silently?:
                return
            case .staleMarkers?:
                do { try await clock.sleep(until: Self.date(slot + schedule.interval)) } catch { return }
                commit(cache.stop(at: slot), tsdb: tsdb, logger: logger)
                await onStep()
                return
            case nil:
                break
            }
            let started = ContinuousClock.now
            let input: ScrapeInput
            if let forced { input = .failed(forced) } else { input = await job.scraper.scrape(target, job: job.config) }
            let seconds = (ContinuousClock.now - started).seconds
            let result = cache.append(input, at: slot, duration: seconds)
            commit(result.samples, tsdb: tsdb, logger: logger)
            state.withLock {
                let metadata = result.metadata ?? $0.status.metadata
                $0.status = TargetStatus()
                $0.status.metadata = metadata
                // A failed probe is a down target, though its scrape (`up`) succeeded.
                $0.status.health = result.up && result.probeFailure == nil ? .up : .down
                $0.status.lastError = result.failure ?? result.probeFailure ?? ""
                $0.status.lastScrape = Self.date(slot)
                $0.status.lastScrapeDuration = seconds
            }
            if let failure = result.failure {
                logger.debug("scrape failed", metadata: ["scrape.job": "\(job.config.jobName)", "scrape.url": "\(target.url)",
                                                         "error": "\(failure)"])
            }
            if let failure = result.probeFailure {
                logger.debug("probe failed", metadata: ["probe.job": "\(job.config.jobName)", "probe.target": "\(target.address)",
                                                        "error": "\(failure)"])
            }
            await onStep()
            slot = schedule.nextSlot(after: slot, now: Self.millis(clock.now()))
        }
    }

    private func commit(_ batch: SampleBatch, tsdb: TimeSeriesDB, logger: Logger) {
        guard !batch.isEmpty else { return }
        var appender = tsdb.appender()
        for index in 0..<batch.count {
            appender.append(batch.labels[index], timestamp: batch.timestamps[index], value: batch.values[index])
        }
        do { try appender.commit() } catch {
            logger.error("storing scraped samples failed", metadata: ["scrape.job": "\(job.config.jobName)", "error": "\(error)"])
        }
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
