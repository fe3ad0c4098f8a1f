import Alerting
import AsyncHTTPClient
import Foundation
import Logging

/// Sends PagerDuty Events API v2 events: `trigger` while any alert of the group fires,
/// `resolve` once all are resolved, both under `dedup_key` = SHA-256 of the group key.
///
/// Whether resolved notifications reach this notifier is the pipeline's decision
/// (`send_resolved`, returned by `IntegrationFactory`), as in Alertmanager's retry stage.
public struct PagerDutyNotifier: Notifier, CustomStringConvertible {
    private let config: PagerDutyConfig
    private let url: String
    private let routingKey: SecretSource
    private let renderer: any TemplateRenderer
    private let poster: HTTPPoster
    private let id: IntegrationID
    private let logger: Logger

    /// - Parameters:
    ///   - config: the `pagerduty_configs` entry; `routing_key_file` is read on every send.
    ///   - global: supplies `pagerduty_url` and `http_config` when the entry has none.
    public init(
        config: PagerDutyConfig, id: IntegrationID, global: GlobalConfig, renderer: any TemplateRenderer,
        httpClient: HTTPClient, options: NotifierOptions = NotifierOptions(), logger: Logger
    ) throws {
        guard let routingKey = SecretSource(config.routingKey, file: config.routingKeyFile) else {
            throw IntegrationBuildError(id, "missing routing_key or routing_key_file in PagerDuty config")
        }
        self.config = config
        self.routingKey = routingKey
        url = config.url ?? global.pagerdutyURL
        self.renderer = renderer
        self.id = id
        self.logger = logger
        poster = try HTTPPoster(
            client: httpClient, integration: id, httpConfig: config.httpConfig ?? global.httpConfig,
            options: options)
    }

    /// Names the integration only: the config holds credentials.
    public var description: String { "PagerDutyNotifier(\(id))" }

    public func notify(_ data: NotificationData) async throws(NotifyError) {
        let key = try routingKey.read(field: "routing_key", integration: id)
        let event = try makeEvent(data, routingKey: key)
        let (body, dropped) = event.encodedWithinLimit()
        if dropped {
            logger.warning(
                "pagerduty custom details dropped",
                metadata: [
                    "notify.integration": "\(id)", "pagerduty.max_event_bytes": "\(PagerDutyEvent.maxEventBytes)",
                ])
        }
        try await poster.postJSON(
            body, to: url, secrets: [key, event.routingKey], details: PagerDutyNotifier.errorDetails)
    }

    func makeEvent(_ data: NotificationData, routingKey: String) throws(NotifyError) -> PagerDutyEvent {
        let context = RenderContext(renderer: renderer, data: data, integration: id)
        var details: [String: String] = [:]
        for (name, template) in config.details {
            details[name] = try context.render(template, field: "details \(quoteField(name))")
        }
        let (summary, truncated) = truncateInRunes(
            try context.render(config.description, field: "description"),
            PagerDutyEvent.maxSummaryRunes)
        if truncated {
            logger.warning(
                "pagerduty summary truncated",
                metadata: [
                    "notify.integration": "\(id)", "pagerduty.max_runes": "\(PagerDutyEvent.maxSummaryRunes)",
                ])
        }
        let client = try context.render(config.client, field: "client")
        var images: [(src: String, alt: String, href: String)] = []
        for image in config.images {
            let rendered = (
                src: try context.render(image.src, field: "images.src"),
                alt: try context.render(optional: image.alt, field: "images.alt"),
                href: try context.render(optional: image.href, field: "images.href")
            )
            if !rendered.src.isEmpty { images.append(rendered) }
        }
        var links: [(href: String, text: String)] = []
        for link in config.links {
            let rendered = (
                href: try context.render(link.href, field: "links.href"),
                text: try context.render(optional: link.text, field: "links.text")
            )
            if !rendered.href.isEmpty { links.append(rendered) }
        }
        // Alertmanager's config defaults `source` to the client.
        let source = try context.render(optional: config.source, field: "source")
        let renderedKey: String
        do {
            renderedKey = try context.render(routingKey, field: "routing_key")
        } catch {
            throw NotifyError(retryable: false, message: redacting(error.message, secrets: [routingKey]))
        }
        if renderedKey.isEmpty { throw NotifyError(retryable: false, message: "\(id): routing key cannot be empty") }
        return PagerDutyEvent(
            routingKey: renderedKey, dedupKey: PagerDutyEvent.dedupKey(groupKey: data.groupKey),
            action: data.status == .resolved ? .resolve : .trigger, summary: summary,
            source: config.source == nil ? client : source,
            severity: try context.render(config.severity.isEmpty ? "error" : config.severity, field: "severity"),
            eventClass: try context.render(optional: config.eventClass, field: "class"),
            component: try context.render(optional: config.component, field: "component"),
            group: try context.render(optional: config.group, field: "group"),
            customDetails: details, images: images, links: links, client: client,
            clientURL: try context.render(config.clientURL, field: "client_url"))
    }

    /// On 400, PagerDuty explains in `{"message": …, "errors": […]}`; Alertmanager quotes it.
    @Sendable static func errorDetails(_ status: Int, _ body: String) -> String {
        guard status == 400, let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        else {
            return ""
        }
        let message = object["message"] as? String ?? ""
        let errors = (object["errors"] as? [String] ?? []).joined(separator: ",")
        return "\(message): \(errors)"
    }
}

private func quoteField(_ name: String) -> String { "\"\(name)\"" }
