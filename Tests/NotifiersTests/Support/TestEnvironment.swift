import Alerting
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
import VigilTestSupport

@testable import Notifiers

/// Shared pieces of notifier tests.
enum TestEnvironment {
    static let logger = Logger(label: "test.notifiers", factory: { _ in SwiftLogNoOpLogHandler() })
    static let id = IntegrationID(receiver: "team-x", kind: "test", index: 0)
    static let options = NotifierOptions(
        userAgent: "Vigil/test", requestTimeout: .seconds(10), smtpTimeout: .seconds(10),
        hostname: "vigil-test-host", clock: ManualClock(Fixtures.now))

    /// An HTTP client that fails at once when a connection is refused, as Vigil's server configures
    /// its notification client; the default one retries connecting until the request's deadline.
    static let httpClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// A port on 127.0.0.1 that nothing listens on: bound, then closed.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }

    /// A temporary file holding `contents`.
    static func file(_ contents: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appending(path: "vigil-notifiers-\(UUID().uuidString)")
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    /// An `http_config` decoded from JSON, as the YAML loader would produce it.
    static func httpConfig(_ json: String) throws -> HTTPClientConfig {
        try JSONDecoder().decode(HTTPClientConfig.self, from: Data(json.utf8))
    }

    /// Runs `notify` and returns its error, or nil when it succeeded.
    static func failure(of notifier: any Notifier, _ data: NotificationData = Fixtures.data()) async -> NotifyError? {
        do {
            try await notifier.notify(data)
            return nil
        } catch {
            return error
        }
    }
}

/// A config value decoded from JSON, for types without a public memberwise initializer.
func decode<T: Decodable>(_ json: String, as type: T.Type = T.self) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(json.utf8))
}
