import PromQL
import Rules
import VigilConfig

/// The rules the embedded default config evaluates over Vigil's own metrics (self-scraped into
/// the store as `job="vigil"`), so a first start shows live rule evaluation.
/// `examples/rules/vigil-self-monitoring.yml` is the same text.
enum SelfMonitoringRules {
    static let file = "<embedded>/vigil-self-monitoring.yml"

    static let text = """
    # Vigil watching itself: rules over the metrics Vigil exports on /metrics.
    # Not from a seed. Load them into Vigil (or into a Prometheus that scrapes Vigil,
    # so the alerts still go out when Vigil itself is unwell).
    #
    #   vigil_notifications_failed_total{receiver,integration}  counter, failed delivery attempts
    #   vigil_notifications_total{receiver,integration}         counter, successful deliveries
    #                                                           (Vigil counts successes only here,
    #                                                           unlike Alertmanager's attempts)
    #   vigil_alerts_invalid_total                              counter, alerts rejected by the API
    #   vigil_config_last_reload_successful                     gauge, 1/0
    #   vigil_notifications_queued                              gauge, deliveries waiting
    #   up{job="vigil"}                                         scrape health (job name assumed)
    #
    # Check:  promtool check rules examples/rules/vigil-self-monitoring.yml
    # Tests:  Tests/Fixtures/rules/vigil-self-monitoring_test.yml

    groups:
      - name: vigil_self
        interval: 15s
        rules:
          # Failed delivery attempts per second, per receiver and integration.
          - record: vigil:notifications_failed:rate5m
            expr: sum by (receiver, integration) (rate(vigil_notifications_failed_total[5m]))

          # More than 10% of delivery attempts to one integration of one receiver fail.
          # Attempts = failures + successes; the `or ... * 0` keeps receivers that have
          # never delivered successfully (no vigil_notifications_total series yet).
          - alert: VigilNotificationsFailing
            expr: |
              vigil:notifications_failed:rate5m
              /
              (
                vigil:notifications_failed:rate5m
                +
                (
                  sum by (receiver, integration) (rate(vigil_notifications_total[5m]))
                  or
                  vigil:notifications_failed:rate5m * 0
                )
              )
              > 0.1
            for: 10m
            labels:
              severity: critical
            annotations:
              summary: "Vigil notifications to {{ $labels.receiver }} ({{ $labels.integration }}) are failing"
              description: "{{ $value | humanizePercentage }} of {{ $labels.integration }} delivery attempts to receiver {{ $labels.receiver }} failed over the last 5 minutes."
              runbook_url: "/runbooks/VigilNotificationsFailing"

          - alert: VigilConfigReloadFailed
            expr: vigil_config_last_reload_successful == 0
            for: 5m
            labels:
              severity: warning
            annotations:
              summary: "Vigil configuration reload failed"
              description: "The last configuration reload of {{ $labels.instance }} failed; Vigil keeps running the previous configuration."
              runbook_url: "/runbooks/VigilConfigReloadFailed"

          - alert: VigilNotificationQueueBacklog
            expr: vigil_notifications_queued > 100
            for: 15m
            labels:
              severity: warning
            annotations:
              summary: "Vigil notification queue backlog"
              description: "{{ $value }} notifications are waiting for delivery on {{ $labels.instance }}."
              runbook_url: "/runbooks/VigilNotificationQueueBacklog"

          - alert: VigilInvalidAlertsReceived
            expr: sum by (instance) (increase(vigil_alerts_invalid_total[10m])) > 0
            labels:
              severity: warning
            annotations:
              summary: "Vigil is rejecting invalid alerts"
              description: "{{ $value }} alerts posted to {{ $labels.instance }} were rejected as invalid in the last 10 minutes; a sender is misconfigured."
              runbook_url: "/runbooks/VigilInvalidAlertsReceived"

          - alert: VigilDown
            expr: up{job="vigil"} == 0
            for: 2m
            labels:
              severity: critical
            annotations:
              summary: "Vigil is down"
              description: "{{ $labels.instance }} has not answered a scrape of /metrics for 2 minutes."
              runbook_url: "/runbooks/VigilDown"

    """

    static func groups(compatibility: PromQLCompatibility) throws(ConfigErrors) -> [RuleGroupDefinition] {
        try RuleFile.parse(text, file: file, compatibility: compatibility).groups
    }
}
