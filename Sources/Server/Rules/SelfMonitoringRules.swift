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
    # The auth alerts follow seed 003; the others are not from a seed. Load them into
    # Vigil (or into a Prometheus that scrapes Vigil, so the alerts still go out when
    # Vigil itself is unwell).
    #
    #   vigil_notifications_failed_total{receiver,integration}  counter, failed delivery attempts
    #   vigil_notifications_total{receiver,integration}         counter, successful deliveries
    #                                                           (Vigil counts successes only here,
    #                                                           unlike Alertmanager's attempts)
    #   vigil_alerts_invalid_total                              counter, alerts rejected by the API
    #   vigil_config_last_reload_successful                     gauge, 1/0
    #   vigil_notifications_queued                              gauge, deliveries waiting
    #   up{job="vigil"}                                         scrape health (job name assumed)
    #   vigil_auth_failed_logins_total{address_prefix,user_prefix}  counter, failed password sign-ins
    #   vigil_auth_lockouts_total{key}                          counter, sign-in lockouts (address, user)
    #   vigil_auth_session_hijack_total                         counter, replaced session tokens reused
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

          # Password guessing against Vigil itself, in the style of seed 003's DivanAuthBruteForce:
          # many failed sign-ins from one client network (/24, /64) or for one user-name prefix,
          # or any lockout. The lockout counter exists from the start, so a burst that appears
          # between two scrapes still shows as an increase.
          - alert: VigilAuthBruteForce
            expr: |
              sum by (address_prefix) (increase(vigil_auth_failed_logins_total[5m])) > 20
              or
              sum by (user_prefix) (increase(vigil_auth_failed_logins_total[5m])) > 10
              or
              sum by (key) (increase(vigil_auth_lockouts_total[5m])) > 0
            for: 2m
            labels:
              severity: critical
              category: security
            annotations:
              summary: "Potential brute-force attack on Vigil sign-in"
              description: "Failed sign-ins or lockouts on {{ $labels.instance }} (address {{ $labels.address_prefix }}, user prefix {{ $labels.user_prefix }}, lockout key {{ $labels.key }}): {{ $value }} in 5 minutes."
              runbook_url: "/runbooks/VigilAuthBruteForce"

          # A rotated session token was presented again (seed 003's token-reuse playbook): every
          # session of that user was revoked; someone else held their cookie.
          - alert: VigilSessionHijack
            expr: sum(increase(vigil_auth_session_hijack_total[5m])) > 0
            labels:
              severity: critical
              category: security
            annotations:
              summary: "Vigil session token reuse detected"
              description: "A replaced session token was presented {{ $value }} times in 5 minutes; the user's sessions were revoked."
              runbook_url: "/runbooks/VigilSessionHijack"
    """

    static func groups(compatibility: PromQLCompatibility) throws(ConfigErrors) -> [RuleGroupDefinition] {
        try RuleFile.parse(text, file: file, compatibility: compatibility).groups
    }
}
