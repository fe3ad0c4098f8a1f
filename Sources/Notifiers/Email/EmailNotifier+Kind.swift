import Alerting
import AsyncHTTPClient

extension IntegrationFactory.Kind {
    /// `email_configs` entries as `EmailNotifier`s.
    static let email = Self(name: "email") { receiver, env in
        try receiver.emailConfigs.enumerated().map { index, config in
            let id = IntegrationID(receiver: receiver.name, kind: "email", index: index)
            return (
                try EmailNotifier(
                    config: config, id: id, global: env.global, renderer: env.renderer,
                    eventLoopGroup: env.httpClient.eventLoopGroup, options: env.options,
                    logger: env.logger), config.sendResolved
            )
        }
    }
}
