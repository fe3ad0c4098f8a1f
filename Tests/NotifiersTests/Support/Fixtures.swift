import Alerting
import Foundation
import VigilCore

/// The notification the goldens describe: one firing and one resolved alert of a group.
enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_767_325_500)  // 2026-01-02T03:45:00Z
    static let groupKey = #"{}/{severity="critical"}:{alertname="HighLatency"}"#
    /// SHA-256 of `groupKey` in hex, computed outside Swift (`sha256sum`).
    static let dedupKey = "73042dc50d9d7d783a3772aae2a313acab072425608782aea59917e35ef8ec46"

    static let firingAlert = Alert(
        labels: Labels(["alertname": "HighLatency", "instance": "api-1:9090", "severity": "critical"]),
        annotations: Labels(["summary": "p99 > 1s <api> & rising", "description": "café ☕ on api-1"]),
        startsAt: Date(timeIntervalSince1970: 1_767_323_045.123),  // 03:04:05.123Z
        endsAt: Date(timeIntervalSince1970: 1_767_326_400),  // 04:00:00Z, after `now`
        generatorURL: "http://prometheus.example:9090/graph?g0.expr=up&g0.tab=1", updatedAt: now)

    static let resolvedAlert = Alert(
        labels: Labels(["alertname": "HighLatency", "instance": "api-2:9090", "severity": "critical"]),
        annotations: Labels(["summary": "p99 > 1s <api> & rising"]),
        startsAt: Date(timeIntervalSince1970: 1_767_322_800),  // 03:00:00Z
        endsAt: Date(timeIntervalSince1970: 1_767_324_600.5),  // 03:30:00.5Z
        generatorURL: "http://prometheus.example:9090/graph?g0.expr=up&g0.tab=1", updatedAt: now)

    /// Firing (one alert still fires) unless `resolved`, when every alert has ended.
    static func data(resolved: Bool = false, alerts: [Alert]? = nil) -> NotificationData {
        var chosen = alerts ?? [firingAlert, resolvedAlert]
        if resolved {
            chosen = chosen.map {
                var alert = $0
                alert.endsAt = min(alert.endsAt, now)
                return alert
            }
        }
        return NotificationData(
            receiver: "team-x", groupKey: groupKey, groupLabels: Labels(["alertname": "HighLatency"]),
            alerts: chosen, now: now, externalURL: "http://vigil.example:9093")
    }

    /// `Tests/NotifiersTests/Resources/<name>`, found from this file.
    static func resource(_ name: String) -> URL {
        URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appending(
            path: "Resources/\(name)")
    }
}
