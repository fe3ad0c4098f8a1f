import Alerting
import Foundation
import Rules
import VigilCore

extension Alert {
    /// An alert from the rules engine as the pipeline takes it, like Prometheus's notifier
    /// posting to Alertmanager: `startsAt` is when it fired, `endsAt` its resolution or validity.
    /// A `runbook_url` that is a path on this server (`/runbooks/…`) becomes a full link.
    init(_ alert: RuleAlert, receivedAt: Date, externalURL: String) {
        var annotations = alert.annotations
        if let url = annotations["runbook_url"], url.hasPrefix("/") {
            annotations = annotations.setting("runbook_url", to: externalURL + url)
        }
        self.init(labels: alert.labels, annotations: annotations,
                  startsAt: Date(timeIntervalSince1970: Double(alert.startsAt) / 1000),
                  endsAt: Date(timeIntervalSince1970: Double(alert.endsAt) / 1000),
                  generatorURL: alert.generatorURL, updatedAt: receivedAt)
    }
}
