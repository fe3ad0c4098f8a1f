import Alerting
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import Notifiers

/// Against a real SMTP server: aiosmtpd, started per test by `SMTPSink`.
@Suite struct EmailNotifierTests {
    static let subjectTemplate = #"{{ template "email.default.subject" . }}"#
    static let renderer = LiteralRenderer(overrides: [subjectTemplate: "[FIRING:1] HighLatency (café)"])

    private func config(port: Int, requireTLS: Bool = false) -> EmailConfig {
        var config = EmailConfig()
        config.to = #"ops@example.com, "On Call" <oncall@example.com>"#
        config.from = "Vigil <vigil@example.com>"
        config.smarthost = "127.0.0.1:\(port)"
        config.requireTLS = requireTLS
        config.headers = ["X-Team": "payments"]
        config.text = "Latency is high.\nSee http://runbook.example/a=b"
        config.html = "<p>Latency is <b>high</b>.</p>"
        return config
    }

    private func notifier(
        _ config: EmailConfig, global: GlobalConfig = GlobalConfig(),
        options: NotifierOptions = TestEnvironment.options
    ) throws -> EmailNotifier {
        try EmailNotifier(
            config: config, id: IntegrationID(receiver: "team-x", kind: "email", index: 0), global: global,
            renderer: EmailNotifierTests.renderer, eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            options: options, logger: TestEnvironment.logger)
    }

    @Test func deliversOneMessageWithHeadersAndBothParts() async throws {
        let mail = try await withSMTPSink { sink in
            try await notifier(config(port: sink.port)).notify(Fixtures.data())
            return try sink.messages()
        }
        try #require(mail.count == 1)
        let message = mail[0]
        #expect(message.mail_from == "vigil@example.com")
        #expect(message.rcpt_tos == ["ops@example.com", "oncall@example.com"])
        let headers = message.headers
        #expect(headers["subject"] == "=?utf-8?q?[FIRING:1]_HighLatency_(caf=C3=A9)?=")
        #expect(headers["from"] == "Vigil <vigil@example.com>")
        #expect(headers["to"] == #"ops@example.com, "On Call" <oncall@example.com>"#)
        #expect(headers["x-team"] == "payments")
        #expect(headers["date"] == "Fri, 02 Jan 2026 03:45:00 +0000")
        #expect(headers["mime-version"] == "1.0")
        #expect(headers["message-id"]?.hasPrefix("<1767325500000000000.") == true)
        #expect(headers["message-id"]?.hasSuffix("@vigil-test-host>") == true)
        let contentType = try #require(headers["content-type"])
        #expect(contentType.hasPrefix("multipart/alternative;"))
        let boundary = try #require(contentType.components(separatedBy: "boundary=").last)
        let body = try #require(
            message.data.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") as String?)
        let expected =
            "--\(boundary)\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            + "Latency is high.\r\nSee http://runbook.example/a=3Db\r\n"
            + "--\(boundary)\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
            + "<p>Latency is <b>high</b>.</p>\r\n--\(boundary)--\r\n"
        #expect(body == expected)
        #expect(!message.tls)
        #expect(!message.authenticated)
    }

    @Test(
        "authenticates with the first offered mechanism it has a credential for",
        arguments: [
            (["--exclude-auth", "CRAM-MD5", "--exclude-auth", "LOGIN"], "s3cret", nil),  // PLAIN
            (["--exclude-auth", "CRAM-MD5", "--exclude-auth", "PLAIN"], "s3cret", nil),  // LOGIN
            ([], nil, "s3cret"),  // CRAM-MD5: no password configured
        ] as [([String], String?, String?)])
    func authenticates(exclude: [String], password: String?, secret: String?) async throws {
        let mail = try await withSMTPSink(["--auth", "alice:s3cret"] + exclude) { sink in
            var config = config(port: sink.port)
            config.authUsername = "alice"
            config.authPassword = password.map(Secret.init)
            config.authSecret = secret.map(Secret.init)
            try await notifier(config).notify(Fixtures.data())
            return try sink.messages()
        }
        #expect(mail.map(\.auth_user) == ["alice"])
    }

    @Test func readsPasswordFromGlobalFile() async throws {
        let mail = try await withSMTPSink(["--auth", "alice:s3cret", "--exclude-auth", "CRAM-MD5"]) { sink in
            var global = GlobalConfig()
            global.smtpAuthUsername = "alice"
            global.smtpAuthPasswordFile = try TestEnvironment.file("s3cret")
            try await notifier(config(port: sink.port), global: global).notify(Fixtures.data())
            return try sink.messages()
        }
        #expect(mail.map(\.auth_user) == ["alice"])
    }

    @Test func rejectedPasswordIsFinalAndNotRevealed() async throws {
        let error = try await withSMTPSink([
            "--auth", "alice:s3cret", "--exclude-auth", "CRAM-MD5", "--exclude-auth", "LOGIN",
        ]) { sink in
            var config = config(port: sink.port)
            config.authUsername = "alice"
            config.authPassword = Secret("wrong-hunter2")
            return await TestEnvironment.failure(of: try notifier(config))
        }
        let failure = try #require(error)
        #expect(
            failure
                == NotifyError(
                    retryable: false,
                    message: "team-x/email[0]: PLAIN auth: 535 5.7.8 Authentication credentials invalid",
                    code: 535))
        for secret in ["wrong-hunter2", Data("wrong-hunter2".utf8).base64EncodedString()] {
            #expect(!failure.description.contains(secret))
        }
    }

    @Test(
        "RCPT replies: 4xx retryable, 5xx final",
        arguments: [
            ("451 4.3.0 Mailbox busy", true, 451), ("550 5.1.1 No such user", false, 550),
        ])
    func classifiesReplies(reply: String, retryable: Bool, code: Int) async throws {
        let error = try await withSMTPSink(["--reply-rcpt", "oncall@example.com=\(reply)"]) { sink in
            await TestEnvironment.failure(of: try notifier(config(port: sink.port)))
        }
        #expect(
            error
                == NotifyError(
                    retryable: retryable, message: "team-x/email[0]: send RCPT command: \(reply)", code: code))
    }

    @Test func upgradesWithSTARTTLSAndVerifiesTheCertificate() async throws {
        let tls = try SelfSignedCertificate.make()
        let mail = try await withSMTPSink(["--tls", tls.certificate, tls.key, "--auth", "alice:s3cret"]) { sink in
            var config = config(port: sink.port, requireTLS: true)
            var tlsConfig = TLSConfig()
            tlsConfig.caFile = tls.certificate
            config.tlsConfig = tlsConfig
            config.authUsername = "alice"
            config.authPassword = Secret("s3cret")
            try await notifier(config).notify(Fixtures.data())
            return try sink.messages()
        }
        #expect(mail.map(\.tls) == [true])
        #expect(mail.map(\.auth_user) == ["alice"])
    }

    @Test func speaksTLSFromTheFirstByteOnSMTPSPorts() async throws {
        let tls = try SelfSignedCertificate.make()
        let mail = try await withSMTPSink(["--smtps", tls.certificate, tls.key]) { sink in
            var config = config(port: sink.port, requireTLS: true)
            var tlsConfig = TLSConfig()
            tlsConfig.caFile = tls.certificate
            config.tlsConfig = tlsConfig
            // The sink cannot listen on 465; the port rule itself is checked below.
            var settings = try EmailSettings(config, global: GlobalConfig(), id: TestEnvironment.id)
            settings.implicitTLS = true
            try await EmailNotifier(
                settings: settings, id: TestEnvironment.id, renderer: EmailNotifierTests.renderer,
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton, options: TestEnvironment.options,
                logger: TestEnvironment.logger
            ).notify(Fixtures.data())
            return try sink.messages()
        }
        #expect(mail.map(\.tls) == [true])
        var plain = EmailConfig()
        (plain.to, plain.from) = ("ops@example.com", "vigil@example.com")
        for (smarthost, implicit) in [("mail.example:465", true), ("mail.example:587", false), ("[::1]:465", true)] {
            plain.smarthost = smarthost
            #expect(try EmailSettings(plain, global: GlobalConfig(), id: TestEnvironment.id).implicitTLS == implicit)
        }
    }

    @Test func untrustedCertificateFailsRetryably() async throws {
        let tls = try SelfSignedCertificate.make()
        let error = try await withSMTPSink(["--tls", tls.certificate, tls.key]) { sink in
            await TestEnvironment.failure(of: try notifier(config(port: sink.port, requireTLS: true)))
        }
        #expect(error?.retryable == true)
        #expect(error?.message.hasPrefix("team-x/email[0]: send EHLO command: ") == true)
        #expect(error?.message.contains("CERTIFICATE_VERIFY_FAILED") == true, "\(String(describing: error))")
    }

    @Test func requireTLSFailsWhenServerOffersNoSTARTTLS() async throws {
        let (error, port) = try await withSMTPSink { sink in
            (await TestEnvironment.failure(of: try notifier(config(port: sink.port, requireTLS: true))), sink.port)
        }
        #expect(
            error
                == NotifyError(
                    retryable: true,
                    message: "team-x/email[0]: start TLS: 'require_tls' is true (default) "
                        + "but \"127.0.0.1:\(port)\" does not advertise the STARTTLS extension"))
    }

    @Test func refusedConnectionIsRetryable() async throws {
        let port = try await TestEnvironment.closedPort()
        let error = try #require(await TestEnvironment.failure(of: try notifier(config(port: port))))
        #expect(error.retryable)
        #expect(error.message.hasPrefix("team-x/email[0]: establish connection to server: "))
    }

    @Test func silentServerTimesOut() async throws {
        // Accepts connections and never says a word.
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        var options = TestEnvironment.options
        options.smtpTimeout = .milliseconds(200)
        let error = await TestEnvironment.failure(of: try notifier(config(port: port), options: options))
        try await server.close()
        #expect(
            error
                == NotifyError(
                    retryable: true,
                    message: "team-x/email[0]: read server greeting: timed out waiting for server reply"))
    }

    @Test func neitherDescriptionNorTemplateErrorsRevealCredentials() async throws {
        var config = config(port: try await TestEnvironment.closedPort())
        config.authUsername = "alice"
        config.authPassword = Secret("pw-hunter2")
        config.authSecret = Secret("cram-hunter2")
        config.headers["Subject"] = FailingTemplate.marker
        let notifier = try notifier(config)
        #expect(String(reflecting: notifier) == "EmailNotifier(team-x/email[0])")
        // A template error is final and found before any connection is made.
        let error = await TestEnvironment.failure(of: notifier)
        #expect(
            error
                == NotifyError(
                    retryable: false,
                    message: #"team-x/email[0]: failed to template headers "Subject": "#
                        + #"template: :1: function "fail" not defined"#))
    }

    @Test func cancellationClosesAWaitingSession() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        var options = TestEnvironment.options
        options.smtpTimeout = .seconds(60)  // a bound; cancellation must end the wait long before
        let notifier = try notifier(config(port: port), options: options)
        let task = Task { await TestEnvironment.failure(of: notifier) }
        task.cancel()
        let error = await task.value
        try await server.close()
        #expect(error == NotifyError(retryable: true,
                                     message: "team-x/email[0]: read server greeting: connection closed by server"))
    }

    @Test(
        "refuses to build without what Alertmanager requires",
        arguments: [
            ("", "vigil@example.com", "team-x/email[0]: no global SMTP smarthost set"),
            ("127.0.0.1:25", "", "team-x/email[0]: no global SMTP from set"),
            ("127.0.0.1", "vigil@example.com", #"team-x/email[0]: invalid smarthost "127.0.0.1": want host:port"#),
        ])
    func refusesIncompleteConfig(smarthost: String, from: String, message: String) {
        var config = EmailConfig()
        config.to = "ops@example.com"
        config.smarthost = smarthost
        config.from = from
        let error = #expect(throws: IntegrationBuildError.self) { try notifier(config) }
        #expect(error?.description == message)
    }
}
