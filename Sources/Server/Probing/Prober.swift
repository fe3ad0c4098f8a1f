import Foundation
import Logging
import NIOCore
import Scrape
import VigilCore

/// Probes the targets of `probe_configs` jobs, as blackbox_exporter's `/probe` would, inside
/// Vigil: it is the `TargetScraper` of those jobs, so the scrape manager schedules, stores,
/// reloads and marks their series stale like any scrape.
///
/// The job's timeout is a hard deadline: the probe's own I/O is bounded by it, and a probe still
/// running then is cancelled and reported as failed (`probe_success` 0), so a target that
/// accepts a connection and never answers cannot hold the loop.
public final class Prober: TargetScraper {
    private let http: HTTPProber
    private let tcp = TCPProber()

    public init(userAgent: String = "Vigil/\(VigilVersion.version)") {
        http = HTTPProber(userAgent: userAgent)
    }

    /// Closes the HTTP clients; probes fail afterwards.
    public func shutdown() async { await http.shutdown() }

    public func scrape(_ target: ScrapeTarget, job: ScrapeConfig) async -> ScrapeInput {
        guard let module = job.probe else { preconditionFailure("BUG: job \(job.jobName) has no probe module") }
        let timeout = target.scrapeTimeout.milliseconds
        let started = ContinuousClock.now
        let deadline = NIODeadline.now() + .milliseconds(timeout)
        let (http, tcp) = (self.http, self.tcp)
        // The probe's own deadline reports what it got so far; the race is the backstop.
        var report = await Self.race(until: started + .milliseconds(timeout) + Self.grace, timeout: target.scrapeTimeout) {
            switch module {
            case .http(let settings): await http.probe(target.address, settings, deadline: deadline)
            case .tcp(let settings): await tcp.probe(target.address, settings, deadline: deadline)
            }
        }
        report.duration = (ContinuousClock.now - started).seconds
        return report.input
    }

    /// How long after the timeout a probe that ignores its deadline is abandoned.
    static let grace = Duration.milliseconds(250)

    /// The probe's report, or a timeout report at `end` if the probe has not finished by then (the
    /// probe is then cancelled).
    private static func race(until end: ContinuousClock.Instant, timeout: PromDuration,
                             _ probe: @escaping @Sendable () async -> ProbeReport) async -> ProbeReport {
        await withTaskGroup(of: ProbeReport?.self) { group in
            group.addTask { await probe() }
            group.addTask {
                do { try await Task.sleep(until: end, clock: .continuous) } catch { return nil }
                var report = ProbeReport()
                report.fail("timeout: no result after \(timeout)")
                return report
            }
            defer { group.cancelAll() }
            while let next = await group.next() {
                if let report = next { return report }
            }
            preconditionFailure("BUG: neither the probe nor its timer finished")
        }
    }
}
