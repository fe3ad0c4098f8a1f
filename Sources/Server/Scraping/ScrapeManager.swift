import Foundation
import Logging
import Scrape
import TSDB
import VigilCore

/// Runs one `ScrapeLoop` per target of every job, writing into the store, and applies config
/// reloads by diffing (Prometheus's `scrape.Manager` and `scrapePool.sync`):
///
/// - a target whose job config is unchanged keeps its loop, schedule and cache;
/// - a target that is gone stops, and its series get stale markers about two intervals later;
/// - a job whose config changed gets new loops (the old ones stop without markers);
/// - a job over its `target_limit` keeps its loops, every scrape failing with the limit error.
///
/// ```swift
/// let manager = ScrapeManager(tsdb: db, clock: SystemClock(), logger: logger)
/// await manager.update([ScrapeJob(config: job, scraper: HTTPScraper())])
/// await manager.run()   // until cancelled; loops are children of this task
/// ```
public actor ScrapeManager {
    private struct Pool {
        var job: ScrapeJob
        var targets: ScrapeTargets
        /// Keyed by the target's labels after relabeling.
        var loops: [Labels: ScrapeLoop]
    }

    private let tsdb: TimeSeriesDB
    private let clock: any VigilCore.Clock
    private let logger: Logger
    private var pools: [String: Pool] = [:]
    private var order: [String] = []
    private let starts: AsyncStream<ScrapeLoop>
    private let startContinuation: AsyncStream<ScrapeLoop>.Continuation
    private var steps = 0

    public init(tsdb: TimeSeriesDB, clock: any VigilCore.Clock, logger: Logger) {
        self.tsdb = tsdb
        self.clock = clock
        self.logger = logger
        (starts, startContinuation) = AsyncStream.makeStream(of: ScrapeLoop.self)
    }

    /// Installs `jobs` (at start and on every reload). Loops start when `run` is running.
    public func update(_ jobs: [ScrapeJob]) {
        var next: [String: Pool] = [:]
        var started = 0, stopped = 0
        for job in jobs {
            let targets = TargetBuilder.targets(for: job.config)
            var loops: [Labels: ScrapeLoop] = [:]
            let old = pools[job.config.jobName]
            let sameConfig = old?.job.config == job.config
            for target in targets.active {
                if sameConfig, let loop = old?.loops[target.internalLabels] {
                    loops[target.internalLabels] = loop
                } else {
                    let loop = ScrapeLoop(target: target, job: job)
                    loops[target.internalLabels] = loop
                    startContinuation.yield(loop)
                    started += 1
                }
                loops[target.internalLabels]?.setForcedError(targets.limitError)
            }
            for (labels, loop) in old?.loops ?? [:] where loops[labels] !== loop {
                // Still a target under a changed config: its new loop takes the series over.
                loop.stop(loops[labels] == nil ? .staleMarkers : .silently)
                stopped += 1
            }
            for error in targets.errors {
                logger.warning("scrape target skipped", metadata: ["scrape.job": "\(job.config.jobName)", "error": "\(error)"])
            }
            next[job.config.jobName] = Pool(job: job, targets: targets, loops: loops)
        }
        for (name, pool) in pools where next[name] == nil {
            for loop in pool.loops.values { loop.stop(.staleMarkers); stopped += 1 }
        }
        pools = next
        order = jobs.map(\.config.jobName)
        logger.info("scrape targets updated", metadata: ["scrape.jobs": "\(jobs.count)", "scrape.started": "\(started)",
                                                         "scrape.stopped": "\(stopped)"])
    }

    /// Runs every loop, current and future, until cancelled. Loops of targets removed by a later
    /// `update` end by themselves; cancellation ends them all without stale markers.
    public func run() async {
        let (clock, tsdb, logger) = (self.clock, self.tsdb, self.logger)
        await withDiscardingTaskGroup { group in
            for await loop in starts {
                group.addTask { await loop.run(clock: clock, tsdb: tsdb, logger: logger) { await self.recordStep() } }
            }
            group.cancelAll()
        }
    }

    private func recordStep() { steps += 1 }

    /// Scrapes and end-of-run marker writes committed so far, over all loops; tests that move a
    /// manual clock wait on it.
    public var completedSteps: Int { steps }

    /// Every job's targets, in config order, for `/api/v1/targets`.
    public func snapshot() -> [ScrapePoolSnapshot] {
        order.compactMap { name in
            guard let pool = pools[name] else { return nil }
            let active = pool.targets.active.compactMap { target in
                pool.loops[target.internalLabels].map { ActiveTargetSnapshot(target: target, status: $0.status) }
            }
            return ScrapePoolSnapshot(job: pool.job.config, active: active, dropped: pool.targets.dropped)
        }
    }
}

/// One job's targets at a moment.
public struct ScrapePoolSnapshot: Sendable {
    public var job: ScrapeConfig
    public var active: [ActiveTargetSnapshot]
    /// Discovered labels of targets relabeling dropped.
    public var dropped: [Labels]
}

/// An active target and its last scrape.
public struct ActiveTargetSnapshot: Sendable {
    public var target: ScrapeTarget
    public var status: TargetStatus
}
