import Alerting
import AsyncHTTPClient
import Logging
import NIOCore
import Notifiers
import Server

/// Builds receivers' integrations for `serve` with the real notifiers over one HTTP client.
func makeIntegrationFactory(logger: Logger) -> Server.IntegrationFactory {
    var configuration = HTTPClient.Configuration()
    // A dead receiver must fail fast so the outbox can back off, not hang for the request timeout.
    configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
    configuration.connectionPool.retryConnectionEstablishment = false
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    let options = NotifierOptions(userAgent: "Vigil/\(VigilVersion.version)")
    return { receiver, global, templates in
        try Notifiers.IntegrationFactory.build(receiver: receiver, global: global, renderer: templates, httpClient: client,
                                               options: options, logger: logger)
    }
}
