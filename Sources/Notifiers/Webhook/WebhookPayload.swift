import Alerting
import VigilCore

/// Alertmanager's webhook body (`notify/webhook` `Message`, version "4"): the template data's
/// fields in Go's order, then `version`, `groupKey` and `truncatedAlerts`.
enum WebhookPayload {
    /// The body for `data`, keeping at most `maxAlerts` alerts (0 keeps all). As in
    /// Alertmanager, status and common labels are computed over the alerts that are sent.
    static func make(_ data: NotificationData, maxAlerts: Int) -> GoJSON {
        var sent = data
        if maxAlerts > 0, data.alerts.count > maxAlerts {
            sent.alerts = Array(data.alerts.prefix(maxAlerts))
            sent.truncatedAlerts = data.truncatedAlerts + data.alerts.count - maxAlerts
            sent.status = sent.alerts.contains { $0.status == .firing } ? .firing : .resolved
            sent.commonLabels = common(sent.alerts.map(\.labels))
            sent.commonAnnotations = common(sent.alerts.map(\.annotations))
        }
        return .object(
            templateData(sent) + [
                ("version", .string("4")),
                ("groupKey", .string(sent.groupKey)),
                ("truncatedAlerts", .int(sent.truncatedAlerts)),
            ])
    }

    /// The members of Alertmanager's `template.Data` as JSON.
    static func templateData(_ data: NotificationData) -> [(String, GoJSON)] {
        [
            ("receiver", .string(data.receiver)),
            ("status", .string(data.status.rawValue)),
            ("alerts", .array(data.alerts.map(alert))),
            ("groupLabels", labels(data.groupLabels)),
            ("commonLabels", labels(data.commonLabels)),
            ("commonAnnotations", labels(data.commonAnnotations)),
            ("externalURL", .string(data.externalURL)),
        ]
    }

    static func alert(_ alert: NotificationData.AlertData) -> GoJSON {
        .object([
            ("status", .string(alert.status.rawValue)),
            ("labels", labels(alert.labels)),
            ("annotations", labels(alert.annotations)),
            ("startsAt", .string(GoTime.format(alert.startsAt))),
            ("endsAt", .string(GoTime.format(alert.endsAt ?? GoTime.zero))),
            ("generatorURL", .string(alert.generatorURL)),
            ("fingerprint", .string(alert.fingerprint.description)),
        ])
    }

    /// A label set as Go encodes a map: keys in byte order. `Labels` is sorted by name already.
    static func labels(_ labels: Labels) -> GoJSON {
        .map(labels.dictionary)
    }

    private static func common(_ sets: [Labels]) -> Labels {
        guard var shared = sets.first?.pairs else { return .empty }
        for set in sets.dropFirst() { shared.removeAll { set[$0.name] != $0.value } }
        return Labels(sortedUnchecked: shared)
    }
}
