import Foundation
import Ingest
import Logging
import Prometheus
import ServiceLifecycle
import TSDB
import VigilCore

/// Writes Vigil's own `/metrics` into the store every 15 s, as a Prometheus scrape of
/// `job="vigil"` would (with `up` and `scrape_*` series), so rules and queries can watch
/// Vigil itself without an outside Prometheus.
struct SelfScrape: Service {
    static let interval: TimeInterval = 15

    let registry: PrometheusCollectorRegistry
    let tsdb: TimeSeriesDB
    let clock: any VigilCore.Clock
    let instance: String
    let logger: Logger
    /// Updates the gauges computed on demand before each scrape.
    let refresh: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await scrapeOnce()
                do { try await clock.sleep(until: clock.now().addingTimeInterval(Self.interval)) } catch { break }
            }
        }
    }

    /// One scrape: the registry's exposition parsed and stored with the target's labels.
    func scrapeOnce() async {
        let started = DispatchTime.now().uptimeNanoseconds
        await refresh()
        let now = Int64((clock.now().timeIntervalSince1970 * 1000).rounded())
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        var parser = ExpositionParser(defaultTimestamp: now)
        var batch = SampleBatch()
        parser.feed(bytes, into: &batch)
        parser.finish(into: &batch)
        var appender = tsdb.appender()
        for index in 0..<batch.count {
            let labels = batch.labels[index].setting("job", to: "vigil").setting("instance", to: instance)
            appender.append(labels, timestamp: now, value: batch.values[index])
        }
        let target = Labels(["job": "vigil", "instance": instance])
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        appender.append(target.setting("__name__", to: "up"), timestamp: now, value: 1)
        appender.append(target.setting("__name__", to: "scrape_duration_seconds"), timestamp: now, value: seconds)
        appender.append(target.setting("__name__", to: "scrape_samples_scraped"), timestamp: now, value: Double(batch.count))
        do { try appender.commit() } catch {
            logger.error("storing self-scraped metrics failed", metadata: ["error": "\(error)"])
        }
    }
}
