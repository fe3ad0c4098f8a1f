import Alerting
import Foundation
import Rules

extension Alert {
    /// An alert from the rules engine as the pipeline takes it, like Prometheus's notifier
    /// posting to Alertmanager: `startsAt` is when it fired, `endsAt` its resolution or validity.
    init(_ alert: RuleAlert, receivedAt: Date) {
        self.init(labels: alert.labels, annotations: alert.annotations,
                  startsAt: Date(timeIntervalSince1970: Double(alert.startsAt) / 1000),
                  endsAt: Date(timeIntervalSince1970: Double(alert.endsAt) / 1000),
                  generatorURL: alert.generatorURL, updatedAt: receivedAt)
    }
}
