import Foundation
import PromQL
@testable import Rules
import Testing
import VigilCore

/// The seed 000 rule as written in the runbook.
let attributionBreach = """
groups:
  - name: attribution_enforcement
    rules:
      - alert: AttributionEnforcementBreach
        expr: |
          increase(runs_with_legacy_attribution_total[5m]) > 0
        for: 1m
        labels:
          severity: critical
          team: platform
        annotations:
          summary: "New runs entering legacy bucket after enforcement"
          description: |
            {{ $value }} runs were created with legacy attribution markers
            in the last 5 minutes. This indicates an enforcement bypass.

            Origin system: {{ $labels.origin_system }}
            Field: {{ $labels.field }}
"""

@Suite("Alerting rules: Prometheus's state machine")
struct AlertingRuleTests {
    let series = ["__name__": "runs_with_legacy_attribution_total", "origin_system": "billing", "field": "team_id"]

    @Test("pending, then firing after `for`, then resolved and sent once as resolved")
    func lifecycle() throws {
        var h = try Harness(attributionBreach)
        // Flat counter for 10 minutes, then +1 per 15s from 600s to 780s, then flat again.
        var points: [(Int64, Double)] = []
        var value = 0.0
        for t in stride(from: Int64(0), through: 1800, by: 15) {
            if t > 600 && t <= 780 { value += 1 }
            points.append((t, value))
        }
        h.write(series, points)

        h.evaluate(at: 600)
        #expect(h.alerts().isEmpty)
        h.evaluate(at: 630)
        let pending = try #require(h.alerts().first)
        #expect(pending.state == .pending)
        #expect(pending.activeAt == 630_000)
        #expect(h.sent.isEmpty, "pending alerts are not sent")
        h.evaluate(at: 660)
        #expect(h.alerts().first?.state == .pending)
        let fired = h.evaluate(at: 690)
        #expect(h.alerts().first?.state == .firing)
        let alert = try #require(fired.first)
        #expect(alert.labels == Labels(["alertname": "AttributionEnforcementBreach", "field": "team_id",
                                        "origin_system": "billing", "severity": "critical", "team": "platform"]))
        #expect(alert.startsAt == 690_000)
        #expect(alert.endsAt == 690_000 + 4 * 60_000, "valid for 4 × max(resend delay, interval)")
        let description = try #require(alert.annotations["description"])
        #expect(description.hasPrefix("7.5 runs were created") || description.hasPrefix("6 runs"), "got \(description)")
        #expect(description.hasSuffix("Origin system: billing\nField: team_id"))
        #expect(alert.generatorURL.hasPrefix("http://vigil.example:9797/graph?g0.expr=increase%28runs_with_legacy"))

        // Not re-sent before the resend delay, re-sent after it.
        #expect(h.evaluate(at: 720).isEmpty)
        #expect(h.evaluate(at: 765).count == 1)

        // The counter stops at 780; the 5m window (t-5m, t] no longer sees the rise from 1065 on.
        for t in stride(from: Int64(780), through: 1050, by: 15) { h.evaluate(at: t) }
        #expect(h.alerts().first?.state == .firing)
        let resolved = h.evaluate(at: 1065)
        #expect(h.alerts().isEmpty)
        #expect(resolved.count == 1)
        #expect(resolved.first?.endsAt == 1_065_000, "resolved alerts carry endsAt = resolution time")
        #expect(h.evaluate(at: 1080).isEmpty, "a resolved alert is sent once, then not again until the resend delay")
    }

    @Test("ALERTS and ALERTS_FOR_STATE are written, and marked stale when the alert ends")
    func alertsSeries() throws {
        var h = try Harness("""
        groups:
          - name: g
            rules:
              - alert: High
                expr: load > 1
                for: 30s
        """)
        h.write(["__name__": "load", "host": "a"], [(0, 2), (15, 2), (30, 2), (45, 2), (60, 0)])
        h.evaluate(at: 0)
        #expect(try h.query("ALERTS", at: 0).map(\.metric) == [Labels(["__name__": "ALERTS", "alertname": "High", "alertstate": "pending", "host": "a"])])
        h.evaluate(at: 30)
        #expect(try h.query("ALERTS", at: 30).first?.metric["alertstate"] == "firing")
        #expect(try h.query("ALERTS_FOR_STATE", at: 30).first?.value == 0, "value is activeAt in seconds")
        h.evaluate(at: 60)
        #expect(try h.query("ALERTS", at: 60).isEmpty, "a stale marker ends the series at once")
        #expect(try h.query("ALERTS_FOR_STATE", at: 60).isEmpty)
    }

    @Test("keep_firing_for keeps a firing alert after its condition clears")
    func keepFiringFor() throws {
        var h = try Harness("""
        groups:
          - name: g
            rules:
              - alert: Flappy
                expr: up == 0
                keep_firing_for: 1m
        """)
        h.write(["__name__": "up", "job": "api"], [(0, 0), (15, 1), (30, 1), (45, 1), (60, 1), (75, 1), (90, 1)])
        h.evaluate(at: 0)
        #expect(h.alerts().first?.state == .firing, "no `for`: firing at once")
        h.evaluate(at: 15)
        h.evaluate(at: 60)
        #expect(h.alerts().first?.state == .firing, "within keep_firing_for")
        h.evaluate(at: 75)
        #expect(h.alerts().isEmpty, "resolved once keep_firing_for has passed")
    }

    @Test("a restart keeps `for` counting: pending 9 of 10 minutes fires 1 minute after the restart")
    func forStateRestore() throws {
        let yaml = """
        groups:
          - name: g
            rules:
              - alert: SlowBurn
                expr: errors > 0
                for: 10m
        """
        let storage = MemoryRuleStorage()
        var before = try Harness(yaml, storage: storage, interval: 60_000)
        before.write(["__name__": "errors"], stride(from: Int64(0), through: 3600, by: 15).map { ($0, 1) })
        for minute in Int64(0)...9 { before.evaluate(at: minute * 60) }
        #expect(before.alerts().first?.state == .pending)
        // Down from minute 9 to minute 14; a fresh group (as after a restart) over the same store.
        var after = try Harness(yaml, storage: storage, interval: 60_000)
        after.evaluate(at: 14 * 60)
        let restored = try #require(after.alerts().first)
        #expect(restored.state == .pending)
        #expect(restored.activeAt == 5 * 60_000, "activeAt shifted by the 5 minutes of downtime")
        after.evaluate(at: 15 * 60)
        #expect(after.alerts().first?.state == .firing, "fires 1 minute after the restart, not 10")
    }

    @Test("an alert firing before a restart is firing again at the first evaluation after it")
    func firingRestore() throws {
        let yaml = """
        groups:
          - name: g
            rules:
              - alert: Burn
                expr: errors > 0
                for: 5m
        """
        let storage = MemoryRuleStorage()
        var before = try Harness(yaml, storage: storage, interval: 60_000)
        before.write(["__name__": "errors"], stride(from: Int64(0), through: 3600, by: 15).map { ($0, 1) })
        for minute in Int64(0)...7 { before.evaluate(at: minute * 60) }
        #expect(before.alerts().first?.state == .firing)
        var after = try Harness(yaml, storage: storage, interval: 60_000)
        after.evaluate(at: 10 * 60)
        #expect(after.alerts().first?.state == .firing)
        #expect(after.alerts().first?.activeAt == 0)
    }

    @Test("no restore after an outage longer than the tolerance")
    func outageTooLong() throws {
        let yaml = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: errors > 0\n        for: 10m\n"
        let storage = MemoryRuleStorage()
        var before = try Harness(yaml, storage: storage, interval: 60_000)
        before.write(["__name__": "errors"], stride(from: Int64(0), through: 3 * 3600, by: 15).map { ($0, 1) })
        for minute in Int64(0)...5 { before.evaluate(at: minute * 60) }
        var after = try Harness(yaml, storage: storage, interval: 60_000)
        after.evaluate(at: 2 * 3600)
        let fresh = try #require(after.alerts().first)
        #expect(fresh.activeAt == Int64(2 * 3_600_000), "the old state is more than an hour old: counting starts again")
    }

    @Test("the alert limit drops every alert and reports the rule unhealthy")
    func limit() throws {
        var h = try Harness("""
        groups:
          - name: g
            limit: 1
            rules:
              - alert: Many
                expr: up == 0
        """)
        h.write(["__name__": "up", "job": "a"], [(0, 0)])
        h.write(["__name__": "up", "job": "b"], [(0, 0)])
        h.evaluate(at: 0)
        #expect(h.alerts().isEmpty)
        #expect(h.group.rules[0].health == .err)
        #expect(h.group.rules[0].lastError == "exceeded limit of 1 with 2 alerts")
    }

    @Test("templates see $labels, $value, $externalLabels and query at the evaluation time")
    func templates() throws {
        var h = try Harness("""
        groups:
          - name: g
            rules:
              - alert: Errors
                expr: sum(rate(errs_total[5m])) > 0
                labels:
                  env: "{{ $externalLabels.env }}"
                annotations:
                  top: |
                    {{ range query "topk(2, sum by (code) (rate(errs_total[5m])))" }}- {{ .Labels.code }}: {{ .Value | humanize }}
                    {{ end }}
                  ratio: "{{ $value | humanizePercentage }}"
                  broken: '{{ template "nope" }}'
        """)
        h.environment.externalLabels = ["env": "prod"]
        for (code, perSecond) in [("E1", 2.0), ("E2", 4.0), ("E3", 0.5)] {
            h.write(["__name__": "errs_total", "code": code], stride(from: Int64(0), through: 600, by: 15).map { ($0, Double($0) * perSecond) })
        }
        let alert = try #require(h.evaluate(at: 600).first)
        #expect(alert.labels["env"] == "prod")
        #expect(alert.annotations["top"] == "- E2: 4\n- E1: 2\n\n")
        #expect(alert.annotations["ratio"] == "650%")
        #expect(alert.annotations["broken"]?.hasPrefix("<error expanding template: error executing template __alert_Errors:") == true)
    }

    @Test("a recording rule's output is visible to the rules after it in the same evaluation")
    func recordingThenAlert() throws {
        var h = try Harness("""
        groups:
          - name: g
            rules:
              - record: job:errors:sum
                expr: sum by (job) (errors)
                labels:
                  source: rule
              - alert: JobErrors
                expr: job:errors:sum > 5
        """)
        h.write(["__name__": "errors", "job": "api", "instance": "1"], [(0, 3)])
        h.write(["__name__": "errors", "job": "api", "instance": "2"], [(0, 4)])
        h.evaluate(at: 0)
        #expect(try h.query("job:errors:sum", at: 0).map(\.metric) == [Labels(["__name__": "job:errors:sum", "job": "api", "source": "rule"])])
        #expect(h.alerts(1).first?.labels["source"] == "rule")
        #expect(h.group.rules.allSatisfy { $0.health == .ok })
    }

    @Test("duplicate output label sets are an evaluation error, not a silent merge")
    func duplicateRecording() throws {
        var h = try Harness("""
        groups:
          - name: g
            rules:
              - record: x
                expr: errors
                labels:
                  instance: ""
        """)
        h.write(["__name__": "errors", "instance": "1"], [(0, 3)])
        h.write(["__name__": "errors", "instance": "2"], [(0, 4)])
        h.evaluate(at: 0)
        #expect(h.group.rules[0].health == .err)
        #expect(h.group.rules[0].lastError == "vector contains metrics with the same labelset after applying rule labels")
    }

    @Test("evaluation slots are spread by group and stable")
    func evaluationSlots() throws {
        let h = try Harness("groups:\n  - name: g\n    rules:\n      - record: x\n        expr: vector(1)\n", interval: 60_000)
        let slot = h.group.evaluationTimestamp(atOrBefore: 1_000_000_000)
        #expect(slot <= 1_000_000_000 && slot > 1_000_000_000 - 60_000)
        #expect(h.group.evaluationTimestamp(atOrBefore: slot) == slot)
        #expect(h.group.evaluationTimestamp(atOrBefore: slot + 59_999) == slot)
        #expect(h.group.evaluationTimestamp(atOrBefore: slot + 60_000) == slot + 60_000)
    }
}
