import Alerting
import AsyncHTTPClient
import Logging

/// Posts Alertmanager's webhook JSON (version "4") to a URL.
///
/// ```swift
/// let notifier = try WebhookNotifier(config: config, id: id, global: global, httpClient: client, logger: logger)
/// try await notifier.notify(data)  // POST {"receiver":…,"version":"4",…}
/// ```
public struct WebhookNotifier: Notifier, CustomStringConvertible {
    private let url: SecretSource
    private let maxAlerts: Int
    private let poster: HTTPPoster
    private let id: IntegrationID

    /// - Parameters:
    ///   - config: the `webhook_configs` entry; `url_file` is read on every send.
    ///   - global: supplies `http_config` when the entry has none.
    public init(
        config: WebhookConfig, id: IntegrationID, global: GlobalConfig, httpClient: HTTPClient,
        options: NotifierOptions = NotifierOptions(), logger: Logger
    ) throws {
        guard let url = SecretSource(config.url, file: config.urlFile) else {
            throw IntegrationBuildError(id, "one of url or url_file must be configured")
        }
        self.url = url
        self.id = id
        maxAlerts = config.maxAlerts
        poster = try HTTPPoster(
            client: httpClient, integration: id, httpConfig: config.httpConfig ?? global.httpConfig,
            options: options)
    }

    /// Names the integration only: the config holds credentials.
    public var description: String { "WebhookNotifier(\(id))" }

    public func notify(_ data: NotificationData) async throws(NotifyError) {
        let target = try url.read(field: "url", integration: id)
        let body = WebhookPayload.make(data, maxAlerts: maxAlerts).encoded()
        try await poster.postJSON(body, to: target)
    }
}
