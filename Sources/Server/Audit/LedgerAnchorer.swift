import Alerting
import AsyncHTTPClient
import Foundation
import Governance
import Logging
import NIOCore
import Notifiers
import Persistence
import Prometheus
import VigilCore

/// Sends the ledger head to `audit.anchor.url` when it changed since the last anchor, and
/// records it (`auditAnchor`) once the receiver answered 2xx; `run` does so every `interval`,
/// retrying failures with backoff (`AnchorSchedule`). Anchors are not ledger entries: the
/// `auditAnchor` table and the receiver's copy are their record (docs/LEDGER-FORMAT.md).
public actor LedgerAnchorer {
    private let ledger: LedgerRepository
    private let webhook: JSONWebhook
    /// Scheme, host and port of the URL: what the body and the `auditAnchor` row name.
    public nonisolated let receiver: String
    private let clock: any VigilCore.Clock
    private let metrics: AnchorMetrics
    private let logger: Logger
    private var schedule: AnchorSchedule

    /// - Parameter client: used for every request; the caller shuts it down after `run` returns.
    public init(config: AnchorConfig, ledger: LedgerRepository, client: HTTPClient, clock: any VigilCore.Clock,
                registry: PrometheusCollectorRegistry, logger: Logger) throws {
        var http = HTTPClientConfig()
        http.bearerToken = config.bearerToken
        http.bearerTokenFile = config.bearerTokenFile
        webhook = try JSONWebhook(name: "audit.anchor", url: config.url, headers: config.headers, httpConfig: http, client: client,
                                  timeout: .milliseconds(config.timeout.milliseconds), userAgent: "Vigil/\(VigilVersion.version)")
        self.ledger = ledger
        receiver = config.receiverName
        self.clock = clock
        metrics = AnchorMetrics(registry: registry)
        self.logger = logger
        schedule = AnchorSchedule(interval: config.interval.seconds)
    }

    /// One attempt now: reads the head, sends it if it changed, records it on a 2xx. Failures are
    /// logged and counted, never thrown.
    public func anchorNow() async -> AnchorOutcome {
        let outcome = await attempt(at: clock.now())
        switch outcome {
        case .anchored(let head):
            logger.info("ledger head anchored", metadata: ["ledger.seq": "\(head.seq)", "anchor.receiver": "\(receiver)"])
        case .unchanged:
            break
        case .failed(let message, let retryable):
            metrics.failed()
            logger.error("ledger anchoring failed", metadata: [
                "error": "\(message)", "anchor.receiver": "\(receiver)", "anchor.retryable": "\(retryable)",
            ])
        }
        return outcome
    }

    private func attempt(at now: Date) async -> AnchorOutcome {
        let candidate: (head: LedgerHead, last: LedgerAnchor?, conflict: LedgerBreak?)
        do { candidate = try await ledger.anchorCandidate() } catch {
            return .failed("reading the ledger head: \(error)", retryable: true)
        }
        metrics.record(candidate.last)
        if let conflict = candidate.conflict {
            return .failed("not anchoring: the ledger no longer matches the last anchor: \(conflict)", retryable: false)
        }
        guard AnchorSchedule.needsAnchor(candidate.head, last: candidate.last) else { return .unchanged }
        let anchor = LedgerAnchor(head: candidate.head, time: now, receiver: receiver)
        do {
            try await webhook.post(anchor.body)
        } catch {
            return .failed(error.message, retryable: error.retryable)
        }
        do {
            try await ledger.recordAnchor(anchor)
        } catch {
            // The receiver holds an anchor the database does not: harmless (verification uses the
            // recorded ones), and the next attempt sends this head again.
            return .failed("recording the anchor: \(error)", retryable: true)
        }
        metrics.record(anchor)
        return .anchored(anchor.head)
    }

    /// Anchors at once, then every `interval` (sooner after a retryable failure) until cancelled.
    /// - Parameter observe: called after each attempt with its outcome (tests wait on it).
    public func run(observe: @Sendable (AnchorOutcome) async -> Void = { _ in }) async {
        var next = clock.now()
        while !Task.isCancelled {
            do { try await clock.sleep(until: next) } catch { return }
            let outcome = await anchorNow()
            next = schedule.next(after: outcome, at: clock.now())
            await observe(outcome)
        }
    }
}
