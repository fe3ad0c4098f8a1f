import Alerting

extension IntegrationFactory.Kind {
    /// `pagerduty_configs` entries as `PagerDutyNotifier`s.
    static let pagerDuty = Self(name: "pagerduty") { receiver, env in
        try receiver.pagerdutyConfigs.enumerated().map { index, config in
            let id = IntegrationID(receiver: receiver.name, kind: "pagerduty", index: index)
            return (
                try PagerDutyNotifier(
                    config: config, id: id, global: env.global, renderer: env.renderer,
                    httpClient: env.httpClient, options: env.options, logger: env.logger),
                config.sendResolved
            )
        }
    }
}
