import AsyncHTTPClient
import Logging
import Persistence
import Prometheus
import ServiceLifecycle
import VigilCore

/// Runs a `LedgerAnchorer` for `audit.anchor` under the server's service group, with its own
/// HTTP client, created when the service starts and closed when it stops.
struct AnchorService: Service {
    let config: AnchorConfig
    let ledger: LedgerRepository
    let clock: any VigilCore.Clock
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    func run() async throws {
        let client = LedgerAnchorer.makeClient()
        do {
            let anchorer = try LedgerAnchorer(config: config, ledger: ledger, client: client, clock: clock, registry: registry,
                                              logger: logger)
            await cancelWhenGracefulShutdown { await anchorer.run() }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }
}

extension LedgerAnchorer {
    /// A client for anchor requests: no retried connection attempts, so a receiver that is down
    /// fails the attempt at once and the schedule's backoff decides when to try again.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
