import Alerting
import AsyncHTTPClient
import Logging

/// Posts a message with one attachment to a Slack incoming webhook, as Alertmanager does.
///
/// The webhook URL is `api_url`, else `api_url_file`, else the global `slack_api_url`
/// (or `slack_api_url_file`); files are read on every send. The URL is a credential: it never
/// appears in an error.
public struct SlackNotifier: Notifier, CustomStringConvertible {
    private let config: SlackConfig
    private let url: SecretSource
    private let renderer: any TemplateRenderer
    private let poster: HTTPPoster
    private let id: IntegrationID
    private let logger: Logger

    /// - Parameters:
    ///   - config: the `slack_configs` entry.
    ///   - global: supplies the API URL and `http_config` when the entry has none.
    public init(
        config: SlackConfig, id: IntegrationID, global: GlobalConfig, renderer: any TemplateRenderer,
        httpClient: HTTPClient, options: NotifierOptions = NotifierOptions(), logger: Logger
    ) throws {
        guard
            let url = SecretSource(config.apiURL, file: config.apiURLFile)
                ?? SecretSource(global.slackAPIURL, file: global.slackAPIURLFile)
        else {
            throw IntegrationBuildError(id, "no global Slack API URL set either inline or in a file")
        }
        self.config = config
        self.url = url
        self.renderer = renderer
        self.id = id
        self.logger = logger
        poster = try HTTPPoster(
            client: httpClient, integration: id, httpConfig: config.httpConfig ?? global.httpConfig,
            options: options)
    }

    /// Names the integration only: the config holds credentials.
    public var description: String { "SlackNotifier(\(id))" }

    public func notify(_ data: NotificationData) async throws(NotifyError) {
        let context = RenderContext(renderer: renderer, data: data, integration: id)
        let message = try SlackMessage.make(config, context: context)
        if message.titleTruncated {
            logger.warning(
                "slack title truncated",
                metadata: [
                    "notify.integration": "\(id)", "notify.group_key": "\(data.groupKey)",
                    "slack.max_runes": "\(SlackMessage.maxTitleRunes)",
                ])
        }
        let target = try url.read(field: "api_url", integration: id)
        let channel = message.channel
        // Like Alertmanager, name the channel so an operator knows which of several failed.
        try await poster.postJSON(message.body.encoded(), to: target) { _, body in
            let trimmed = HTTPPoster.bodyDetails(0, body)
            return trimmed.isEmpty ? "channel \(quoteChannel(channel))" : "channel \(quoteChannel(channel)): \(trimmed)"
        }
    }
}

private func quoteChannel(_ channel: String) -> String { "\"\(channel)\"" }
