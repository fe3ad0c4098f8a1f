import Alerting
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Server
import VigilConfig
import VigilCore
import VigilTestSupport

/// A whole Vigil server on an in-memory database and a manual clock, tested through its router.
struct TestServer {
    let server: VigilServer
    let clock: ManualClock

    /// - Parameter auth: replaces the config's `auth` section; nil keeps the config's own. The
    ///   default turns checking off, so tests of other APIs need no tokens.
    init(configYAML: String? = nil, clock: ManualClock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000)),
         auth: AuthConfig? = AuthConfig(mode: .none), integrations: @escaping IntegrationFactory = { _, _, _ in [] }) throws {
        var config = try configYAML.map { try VigilConfiguration.parse($0, file: "test.yml") } ?? .embeddedDefault
        if let auth { config.auth = auth }
        self.clock = clock
        server = try VigilServer(options: ServerOptions(dataDirectory: nil), config: config, registry: PrometheusCollectorRegistry(),
                                 clock: clock, integrationFactory: integrations, logger: Logger(label: "test"))
    }

    /// Runs `body` against the router with persisted state loaded.
    func test<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let config = await server.state.config
        try await server.system.start(config: config, externalURL: "http://vigil.test")
        let app = Application(router: server.router())
        return try await app.test(.router, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    /// The error message of a 4xx: Alertmanager's API answers with a JSON string.
    var message: String { (try? JSONDecoder().decode(String.self, from: Data(text.utf8))) ?? text }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
}

func postJSON(_ client: any TestClientProtocol, _ path: String, _ body: String) async throws -> TestResponse {
    try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
}
