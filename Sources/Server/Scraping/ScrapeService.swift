import ServiceLifecycle

/// Runs the scrape manager's loops under the server's service group; on shutdown the loops
/// end without stale markers (as Prometheus's do) and the HTTP clients are closed.
struct ScrapeService: Service {
    let manager: ScrapeManager
    let http: HTTPScraper
    let prober: Prober

    func run() async throws {
        await cancelWhenGracefulShutdown { await manager.run() }
        await http.shutdown()
        await prober.shutdown()
    }
}
