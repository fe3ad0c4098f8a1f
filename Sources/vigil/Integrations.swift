import Alerting
import AsyncHTTPClient
import Logging
import Notifiers
import Server

/// Builds receivers' integrations for `serve` with the real notifiers over one shared HTTP client.
func makeIntegrationFactory(logger: Logger) -> Server.IntegrationFactory {
    let client = HTTPClient.shared
    return { receiver, global, templates in
        try Notifiers.IntegrationFactory.build(receiver: receiver, global: global, renderer: templates, httpClient: client,
                                               logger: logger)
    }
}
