import AsyncHTTPClient
import Synchronization

/// The HTTP clients of scrapes and probes, created on first use: one following up to 10
/// redirects, one not; no retried connection attempts, so a refused connection fails at once.
/// Must be released with `shutdown()`.
final class ScrapeClients: Sendable {
    /// Keyed by whether they follow redirects.
    private let clients = Mutex<[Bool: HTTPClient]>([:])

    init() {}

    func client(followRedirects: Bool) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[followRedirects] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = followRedirects ? .follow(max: 10, allowCycles: false) : .disallow
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[followRedirects] = client
            return client
        }
    }

    /// Closes the clients; requests fail afterwards.
    func shutdown() async {
        let all = clients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in all { try? await client.shutdown() }
    }
}
