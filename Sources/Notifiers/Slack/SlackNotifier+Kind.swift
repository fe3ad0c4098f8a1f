import Alerting

extension IntegrationFactory.Kind {
    /// `slack_configs` entries as `SlackNotifier`s.
    static let slack = Self(name: "slack") { receiver, env in
        try receiver.slackConfigs.enumerated().map { index, config in
            let id = IntegrationID(receiver: receiver.name, kind: "slack", index: index)
            return (
                try SlackNotifier(
                    config: config, id: id, global: env.global, renderer: env.renderer,
                    httpClient: env.httpClient, options: env.options, logger: env.logger),
                config.sendResolved
            )
        }
    }
}
