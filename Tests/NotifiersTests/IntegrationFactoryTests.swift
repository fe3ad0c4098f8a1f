import Alerting
import AsyncHTTPClient
import Testing

@testable import Notifiers

@Suite struct IntegrationFactoryTests {
    @Test func buildsEveryIntegrationOfAReceiverInOrder() throws {
        var receiver = ReceiverConfig(name: "team-x")
        receiver.webhookConfigs = [
            WebhookConfig(url: "http://a.example/1"), WebhookConfig(url: "http://a.example/2", sendResolved: false),
        ]
        var slack = SlackConfig()
        slack.apiURL = Secret("http://hooks.example/T0/B0/xyz")
        receiver.slackConfigs = [slack]
        var pagerDuty = PagerDutyConfig()
        pagerDuty.routingKey = Secret("key")
        pagerDuty.sendResolved = false
        receiver.pagerdutyConfigs = [pagerDuty]
        var email = EmailConfig()
        email.to = "ops@example.com"
        email.sendResolved = true
        receiver.emailConfigs = [email]
        var global = GlobalConfig()
        global.smtpSmarthost = "mail.example:587"
        global.smtpFrom = "vigil@example.com"

        let integrations = try IntegrationFactory.build(
            receiver: receiver, global: global, renderer: LiteralRenderer(),
            httpClient: .shared, logger: TestEnvironment.logger)
        #expect(
            integrations.map(\.id.description) == [
                "team-x/webhook[0]", "team-x/webhook[1]", "team-x/slack[0]", "team-x/pagerduty[0]", "team-x/email[0]",
            ])
        #expect(integrations.map(\.sendResolved) == [true, false, false, false, true])
        #expect(integrations[0].notifier is WebhookNotifier)
        #expect(integrations[2].notifier is SlackNotifier)
        #expect(integrations[3].notifier is PagerDutyNotifier)
        #expect(integrations[4].notifier is EmailNotifier)
    }

    @Test(
        "rejects http_config options it cannot honour",
        arguments: [
            (#"{"proxy_url": "http://proxy.example:3128"}"#, "team-x/webhook[0]: proxy_url is not supported yet"),
            (#"{"follow_redirects": false}"#, "team-x/webhook[0]: follow_redirects: false is not supported yet"),
        ])
    func rejectsUnsupportedHTTPConfig(json: String, message: String) throws {
        var receiver = ReceiverConfig(name: "team-x")
        var webhook = WebhookConfig(url: "http://a.example/1")
        webhook.httpConfig = try TestEnvironment.httpConfig(json)
        receiver.webhookConfigs = [webhook]
        let error = #expect(throws: IntegrationBuildError.self) {
            try IntegrationFactory.build(
                receiver: receiver, global: GlobalConfig(), renderer: LiteralRenderer(),
                httpClient: .shared, logger: TestEnvironment.logger)
        }
        #expect(error?.description == message)
    }
}

extension IntegrationFactoryTests {
    @Test func reportsUnreadableClientCertificateWhenBuilt() throws {
        var receiver = ReceiverConfig(name: "team-x")
        var webhook = WebhookConfig(url: "http://a.example/1")
        webhook.httpConfig = try TestEnvironment.httpConfig(
            #"{"tls_config": {"cert_file": "/nonexistent/c.pem", "key_file": "/nonexistent/k.pem"}}"#)
        receiver.webhookConfigs = [webhook]
        let error = #expect(throws: IntegrationBuildError.self) {
            try IntegrationFactory.build(
                receiver: receiver, global: GlobalConfig(), renderer: LiteralRenderer(), httpClient: .shared,
                logger: TestEnvironment.logger)
        }
        #expect(error?.description.hasPrefix("team-x/webhook[0]: invalid tls_config: ") == true)
    }
}
