import PromQL
import Templating
import VigilCore

/// How long a resolved alert is kept (and re-sent as resolved), as Prometheus's `resolvedRetention`.
let resolvedRetention: Int64 = 15 * 60_000

extension RuleState {
    /// Alerting rule: Prometheus's state machine. New label sets start `pending` (or `firing`
    /// at once without `for`); `pending` becomes `firing` after `for`; a label set that is no
    /// longer produced resolves, unless it keeps firing for `keep_firing_for`. Returns the
    /// `ALERTS` and `ALERTS_FOR_STATE` samples.
    mutating func evaluateAlerts(_ vector: [Sample], at ts: Int64, limit: Int, functions makeFunctions: () -> FunctionTable,
                                 environment: RuleEnvironment, restore: ForStateRestore?) throws -> [RuleSample] {
        let templates = self.templates!
        var functions: FunctionTable?
        var produced: [Labels: ActiveAlert] = [:]
        produced.reserveCapacity(vector.count)
        for sample in vector {
            let data = templates.hasTemplates ? PrometheusAlertTemplate.data(
                labels: sample.metric.dictionary, externalLabels: environment.externalLabels,
                externalURL: environment.externalURL, value: sample.value) : .null
            func expand(_ text: String) -> String {
                guard text.contains("{{") else { return text }
                if functions == nil { functions = makeFunctions() }
                return templates.expand(text, data: data, functions: functions!)
            }
            var labels = sample.metric.removing(["__name__"])
            for (name, text) in definition.labels {
                let value = expand(text)
                labels = value.isEmpty ? labels.removing([name]) : labels.setting(name, to: value)
            }
            labels = labels.setting("alertname", to: definition.name)
            var annotations: [Label] = []
            for (name, text) in definition.annotations { annotations.append(Label(name, expand(text))) }
            guard produced[labels] == nil else {
                throw RuleEvaluationError("vector contains metrics with the same labelset after applying alert labels")
            }
            produced[labels] = ActiveAlert(labels: labels, annotations: Labels(annotations), state: .pending,
                                           value: sample.value, activeAt: ts)
        }

        let saved = (restore != nil && definition.holdDuration > 0 && restore!.gracePeriod <= definition.holdDuration)
            ? restore!.saved(alertName: definition.name) : [:]
        for (labels, alert) in produced {
            if var existing = alerts[labels], existing.state != .inactive {
                existing.value = alert.value
                existing.annotations = alert.annotations
                alerts[labels] = existing
                continue
            }
            var fresh = alert
            if let previous = saved[labels], let restore {
                fresh.activeAt = restore.restoredActiveAt(previous, holdDuration: definition.holdDuration)
            }
            alerts[labels] = fresh
        }

        var activeCount = 0
        for labels in Array(alerts.keys) {
            var alert = alerts[labels]!
            if produced[labels] == nil {
                var keepFiring = false
                if alert.state == .firing && definition.keepFiringFor > 0 {
                    if alert.keepFiringSince == nil { alert.keepFiringSince = ts }
                    keepFiring = ts - alert.keepFiringSince! < definition.keepFiringFor
                }
                if !keepFiring {
                    if alert.state == .pending || (alert.resolvedAt.map { ts - $0 > resolvedRetention } ?? false) {
                        alerts[labels] = nil
                        continue
                    }
                    if alert.state != .inactive {
                        alert.state = .inactive
                        alert.resolvedAt = ts
                    }
                    alerts[labels] = alert
                    continue
                }
            } else {
                alert.keepFiringSince = nil
            }
            activeCount += 1
            if alert.state == .pending && ts - alert.activeAt >= definition.holdDuration {
                alert.state = .firing
                alert.firedAt = ts
            }
            alerts[labels] = alert
        }
        if limit > 0 && activeCount > limit {
            alerts = [:]
            throw RuleEvaluationError("exceeded limit of \(limit) with \(activeCount) alerts")
        }

        var output: [RuleSample] = []
        output.reserveCapacity(activeCount * 2)
        for alert in alerts.values where alert.state != .inactive {
            let alertsLabels = alert.labels.setting("__name__", to: "ALERTS").setting("alertstate", to: alert.state.rawValue)
            output.append(RuleSample(labels: alertsLabels, timestamp: ts, value: 1))
            output.append(RuleSample(labels: alert.labels.setting("__name__", to: "ALERTS_FOR_STATE"), timestamp: ts,
                                     value: Double(alert.activeAt / 1000)))
        }
        return output
    }

    /// The alerts due to be sent at `ts` (firing ones every `resendDelay`, resolved ones once),
    /// marking them sent. Firing alerts are valid for four intervals, so they resolve on their
    /// own if evaluation stops.
    mutating func alertsToSend(at ts: Int64, interval: Int64, environment: RuleEnvironment) -> [RuleAlert] {
        var out: [RuleAlert] = []
        let validity = 4 * max(environment.resendDelay, interval)
        for (labels, var alert) in alerts where alert.needsSending(at: ts, resendDelay: environment.resendDelay) {
            alert.lastSentAt = ts
            alert.validUntil = ts + validity
            alerts[labels] = alert
            out.append(RuleAlert(
                labels: alert.labels, annotations: alert.annotations, startsAt: alert.firedAt ?? alert.activeAt,
                endsAt: alert.resolvedAt ?? alert.validUntil, generatorURL: environment.generatorURL(for: definition.query)))
        }
        return out.sorted { Labels.precedes($0.labels, $1.labels) }
    }
}
