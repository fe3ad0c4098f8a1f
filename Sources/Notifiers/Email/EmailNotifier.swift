import Alerting
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOSSL
import VigilCore

/// Sends alert email through an SMTP smarthost: `EHLO`, `STARTTLS` when `require_tls` (the
/// default) and TLS from the first byte on port 465, `AUTH` when a username is configured and the
/// server offers it, then one message to every `to` address.
///
/// Reply codes 4xx and connection failures are retryable; 5xx are not. `auth_password_file` is
/// read on every send. Credentials never appear in errors or logs.
public struct EmailNotifier: Notifier, CustomStringConvertible {
    private let settings: EmailSettings
    private let renderer: any TemplateRenderer
    private let group: any EventLoopGroup
    private let options: NotifierOptions
    private let id: IntegrationID
    private let logger: Logger

    /// - Parameters:
    ///   - config: the `email_configs` entry; empty fields take `global.smtp_*`.
    ///   - eventLoopGroup: where connections run (e.g. the shared `HTTPClient`'s group).
    public init(
        config: EmailConfig, id: IntegrationID, global: GlobalConfig, renderer: any TemplateRenderer,
        eventLoopGroup: any EventLoopGroup, options: NotifierOptions = NotifierOptions(), logger: Logger
    ) throws {
        try self.init(
            settings: EmailSettings(config, global: global, id: id), id: id, renderer: renderer,
            eventLoopGroup: eventLoopGroup, options: options, logger: logger)
    }

    init(
        settings: EmailSettings, id: IntegrationID, renderer: any TemplateRenderer, eventLoopGroup: any EventLoopGroup,
        options: NotifierOptions, logger: Logger
    ) {
        self.settings = settings
        self.renderer = renderer
        group = eventLoopGroup
        self.options = options
        self.id = id
        self.logger = logger
    }

    /// Names the integration only: the config holds credentials.
    public var description: String { "EmailNotifier(\(id))" }

    public func notify(_ data: NotificationData) async throws(NotifyError) {
        let message = try compose(data)
        var auth: SMTPAuth?
        if let username = settings.username {
            let password = try settings.password?.read(field: "auth_password", integration: id, trimmed: false)
            auth = SMTPAuth(
                username: username, password: password, secret: settings.secret?.value, identity: settings.identity)
        }
        do {
            try await deliver(message, auth: auth)
        } catch {
            throw notifyError(error, secrets: auth?.secrets ?? [])
        }
    }

    private func compose(_ data: NotificationData) throws(NotifyError) -> (from: String, to: [String], bytes: [UInt8]) {
        let context = RenderContext(renderer: renderer, data: data, integration: id)
        let fromList = try context.render(settings.from, field: "from")
        let toList = try context.render(settings.to, field: "to")
        let from: [String]
        let to: [String]
        do {
            from = try MailAddress.parseList(fromList)
            to = try MailAddress.parseList(toList)
        } catch {
            throw NotifyError(
                retryable: false, message: "\(id): parse addresses: invalid address \(quoteText(error.entry))")
        }
        guard from.count == 1 else {
            throw NotifyError(
                retryable: false, message: "\(id): must be exactly one 'from' address (got: \(from.count))")
        }
        var headers: [String: String] = [:]
        for (name, template) in settings.headers {
            headers[name] = try context.render(template, field: "headers \(quoteText(name))")
        }
        let now = options.clock.now()
        let nanos = Int64(now.timeIntervalSince1970 * 1_000_000_000)
        let message = MIMEMessage(
            headers: headers, text: try context.render(optional: settings.text, field: "text"),
            html: try context.render(optional: settings.html, field: "html"),
            messageID: "<\(nanos).\(UInt64.random(in: 0...UInt64.max))@\(options.hostname)>", date: now,
            boundary: MIMEMessage.randomBoundary())
        return (from[0], to, message.encoded())
    }

    private func deliver(_ message: (from: String, to: [String], bytes: [UInt8]), auth: SMTPAuth?)
        async throws(SMTPError)
    {
        let serverName = settings.tlsConfig.serverName ?? (isIPAddress(settings.host) ? nil : settings.host)
        let implicitTLS = settings.implicitTLS ? try tlsContext() : nil
        var client = try await SMTPClient.connect(
            host: settings.host, port: settings.port, tls: implicitTLS, serverName: serverName,
            timeout: options.smtpTimeout, group: group)
        do throws(SMTPError) {
            var extensions = try await client.hello(settings.hello)
            if settings.requireTLS, !client.isTLS {
                guard extensions.has("STARTTLS") else {
                    let reason = "'require_tls' is true (default) but \"\(settings.smarthost)\" "
                        + "does not advertise the STARTTLS extension"
                    throw SMTPError(step: "start TLS", connection: .transport(reason))
                }
                try await client.startTLS(try tlsContext(), serverName: serverName)
                extensions = try await client.hello(settings.hello)
            }
            if let auth, extensions.has("AUTH") {
                let mechanism = try auth.mechanism(from: extensions.authMechanisms).get()
                try await auth.authenticate(client, mechanism: mechanism, host: settings.host)
            }
            try await client.command("MAIL FROM:<\(message.from)>", step: "send MAIL command", expecting: 250)
            for recipient in message.to {
                let reply = try await client.send("RCPT TO:<\(recipient)>", step: "send RCPT command")
                guard reply.code == 250 || reply.code == 251 else {
                    throw SMTPError(step: "send RCPT command", reply: reply)
                }
            }
            try await client.data(message.bytes)
        } catch {
            await client.close()
            throw error
        }
        await client.quit()
    }

    private func tlsContext() throws(SMTPError) -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: settings.tlsConfig.clientConfiguration())
        } catch {
            throw SMTPError(step: "parse TLS configuration", local: "\(error)")
        }
    }

    /// Alertmanager's retry rule for SMTP, sharpened: a 5xx reply or a local problem is final,
    /// a 4xx reply or a broken connection is worth another try.
    private func notifyError(_ error: SMTPError, secrets: [String]) -> NotifyError {
        let retryable: Bool
        if let reply = error.reply {
            retryable = reply.code / 100 != 5
        } else {
            retryable = error.local == nil
        }
        let message = "\(id): " + redacting("\(error)", secrets: secrets)
        logger.debug(
            "email notification failed",
            metadata: ["notify.integration": "\(id)", "smtp.code": "\(error.reply?.code ?? 0)"])
        return NotifyError(retryable: retryable, message: message, code: error.reply?.code)
    }
}

private func isIPAddress(_ host: String) -> Bool { (try? SocketAddress(ipAddress: host, port: 0)) != nil }

private func quoteText(_ text: String) -> String { "\"\(text)\"" }
