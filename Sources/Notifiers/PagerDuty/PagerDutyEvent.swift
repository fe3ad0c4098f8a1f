import Alerting
import Crypto

/// One PagerDuty Events API v2 event as Alertmanager builds it (`notify/pagerduty`).
struct PagerDutyEvent: Sendable {
    enum Action: String, Sendable { case trigger, resolve }

    /// PagerDuty refuses events larger than this; custom details are dropped to fit.
    static let maxEventBytes = 512_000
    /// PagerDuty cuts summaries longer than this many runes; Alertmanager truncates them first.
    static let maxSummaryRunes = 1024

    var routingKey: String
    var dedupKey: String
    var action: Action
    var summary: String
    var source: String
    var severity: String
    var eventClass: String
    var component: String
    var group: String
    var customDetails: [String: String]
    var images: [(src: String, alt: String, href: String)]
    var links: [(href: String, text: String)]
    var client: String
    var clientURL: String

    /// The SHA-256 of the group key in lower-case hex: stable across restarts and equal to
    /// Alertmanager's (`notify.Key.Hash`), so a resolve closes the incident a trigger opened.
    static func dedupKey(groupKey: String) -> String {
        SHA256.hash(data: Array(groupKey.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The JSON body, `omitempty` where Alertmanager's tags say so.
    func json() -> GoJSON {
        var payload: [(String, GoJSON)] = [
            ("summary", .string(summary)), ("source", .string(source)), ("severity", .string(severity)),
        ]
        payload.appendOmittingEmpty("class", eventClass)
        payload.appendOmittingEmpty("component", component)
        payload.appendOmittingEmpty("group", group)
        if !customDetails.isEmpty { payload.append(("custom_details", .map(customDetails))) }

        var message: [(String, GoJSON)] = []
        message.appendOmittingEmpty("routing_key", routingKey)
        message.appendOmittingEmpty("dedup_key", dedupKey)
        message.append(("event_action", .string(action.rawValue)))
        message.append(("payload", .object(payload)))
        message.appendOmittingEmpty("client", client)
        message.appendOmittingEmpty("client_url", clientURL)
        if !images.isEmpty {
            message.append(
                (
                    "images",
                    .array(
                        images.map {
                            .object([("src", .string($0.src)), ("alt", .string($0.alt)), ("href", .string($0.href))])
                        })
                ))
        }
        if !links.isEmpty {
            message.append(
                ("links", .array(links.map { .object([("href", .string($0.href)), ("text", .string($0.text))]) })))
        }
        return .object(message)
    }

    /// The encoded body; when it exceeds `maxEventBytes`, custom details are replaced by a note,
    /// as Alertmanager does. The flag says whether that happened.
    func encodedWithinLimit() -> (bytes: [UInt8], detailsDropped: Bool) {
        let bytes = json().encoded()
        guard bytes.count > PagerDutyEvent.maxEventBytes else { return (bytes, false) }
        var smaller = self
        smaller.customDetails = [
            "error": "Custom details have been removed because the original event exceeds the maximum size of 512KB"
        ]
        return (smaller.json().encoded(), true)
    }
}
