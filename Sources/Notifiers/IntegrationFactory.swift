import Alerting
import AsyncHTTPClient
import Logging

/// Builds the notifiers of a receiver: one row per integration kind, in Alertmanager's order
/// (webhook, slack, pagerduty, email), each entry indexed from 0 within its kind.
///
/// ```swift
/// let integrations = try IntegrationFactory.build(
///     receiver: config.receivers[0], global: config.global, renderer: templates, httpClient: client, logger: logger)
/// for integration in integrations { try await integration.notifier.notify(data) }
/// ```
///
/// Secrets given inline are used as they are; `*_file` secrets are read on every send, so a
/// rotated file takes effect without a reload.
public enum IntegrationFactory {
    /// Everything a kind's builder may use besides its own config.
    struct Environment: Sendable {
        var global: GlobalConfig
        var renderer: any TemplateRenderer
        var httpClient: HTTPClient
        var options: NotifierOptions
        var logger: Logger
    }

    /// One integration kind: its name and how to build its entries of a receiver.
    struct Kind: Sendable {
        var name: String
        var build: @Sendable (ReceiverConfig, Environment) throws -> [(any Notifier, sendResolved: Bool)]
    }

    static let kinds: [Kind] = [.webhook, .slack, .pagerDuty, .email]

    /// The integrations of `receiver`.
    /// - Parameters:
    ///   - global: the config's `global` section, for defaults (`smtp_*`, `slack_api_url`, …).
    ///   - renderer: renders every templated field.
    ///   - httpClient: shared by HTTP integrations; its event loop group also runs SMTP.
    /// - Throws: `IntegrationBuildError` for an entry that cannot work (no smarthost, an
    ///   unsupported `http_config` option).
    public static func build(
        receiver: ReceiverConfig, global: GlobalConfig, renderer: any TemplateRenderer,
        httpClient: HTTPClient, options: NotifierOptions = NotifierOptions(),
        logger: Logger
    ) throws -> [Integration] {
        let environment = Environment(
            global: global, renderer: renderer, httpClient: httpClient, options: options,
            logger: logger)
        return try kinds.flatMap { kind in
            try kind.build(receiver, environment).enumerated().map { index, built in
                Integration(
                    id: IntegrationID(receiver: receiver.name, kind: kind.name, index: index),
                    notifier: built.0, sendResolved: built.sendResolved)
            }
        }
    }
}
