import Alerting

extension IntegrationFactory.Kind {
    /// `webhook_configs` entries as `WebhookNotifier`s.
    static let webhook = Self(name: "webhook") { receiver, env in
        try receiver.webhookConfigs.enumerated().map { index, config in
            let id = IntegrationID(receiver: receiver.name, kind: "webhook", index: index)
            return (
                try WebhookNotifier(
                    config: config, id: id, global: env.global, httpClient: env.httpClient,
                    options: env.options, logger: env.logger), config.sendResolved
            )
        }
    }
}
