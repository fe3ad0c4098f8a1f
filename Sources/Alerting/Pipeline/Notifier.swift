import Foundation

/// Delivers one notification through one integration (a webhook URL, a Slack channel, a
/// PagerDuty service, a mailbox). Implementations live in the `Notifiers` target.
public protocol Notifier: Sendable {
    /// Sends `data` once. Throws `NotifyError`; whether a retry can help is in the error.
    func notify(_ data: NotificationData) async throws(NotifyError)
}

/// Why a delivery failed, and whether trying again later can succeed (a 5xx or a refused
/// connection can; a 4xx or a template error cannot).
public struct NotifyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var retryable: Bool
    public var message: String
    /// The HTTP status or SMTP reply code, when the peer answered.
    public var code: Int?

    public init(retryable: Bool, message: String, code: Int? = nil) {
        self.retryable = retryable
        self.message = message
        self.code = code
    }

    public var description: String { message }
}

/// Renders a notification template (Go text/template syntax) against the notification data,
/// with the default templates and the config's `templates` files loaded.
public protocol TemplateRenderer: Sendable {
    func render(_ template: String, data: NotificationData) throws -> String
}

/// Names one integration of a receiver, e.g. `webhook[0]` of `team-x`: the unit that the
/// notification log, the outbox and the circuit breaker track.
public struct IntegrationID: Sendable, Hashable, Codable, CustomStringConvertible {
    public var receiver: String
    public var kind: String   // webhook, slack, pagerduty, email
    public var index: Int

    public init(receiver: String, kind: String, index: Int) {
        self.receiver = receiver
        self.kind = kind
        self.index = index
    }

    public var description: String { "\(receiver)/\(kind)[\(index)]" }
}
