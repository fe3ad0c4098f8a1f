import Foundation
import Testing
@testable import Templating

/// Templates rendered by Vigil against the output of Alertmanager 0.25's `amtool template render`.
struct AlertmanagerGoldenTests {
    /// The data the goldens were recorded with (an amtool `--template.data` file).
    static let sampleData = AlertmanagerTemplateData(
        receiver: #"team-X\.pager"#, status: "firing",
        alerts: [
            AlertmanagerTemplateAlert(
                status: "firing",
                labels: ["alertname": "HighLatency", "job": "api", "instance": "a.example.com:9100", "severity": "page"],
                annotations: ["summary": "Latency is high", "description": "p99 above 2s"],
                startsAt: instant("2024-03-05T14:07:09.25Z"), endsAt: goZeroTime,
                generatorURL: "http://prom:9090/graph?g0.expr=up", fingerprint: "a1b2c3d4e5f60708"),
            AlertmanagerTemplateAlert(
                status: "firing",
                labels: ["alertname": "HighLatency", "job": "api", "instance": "b.example.com:9100", "severity": "page"],
                annotations: ["summary": "Latency is high", "description": "p99 above 3s"],
                startsAt: instant("2024-03-05T14:08:00Z"), endsAt: goZeroTime,
                generatorURL: "http://prom:9090/graph?g0.expr=up", fingerprint: "0102030405060708"),
            AlertmanagerTemplateAlert(
                status: "resolved",
                labels: ["alertname": "HighLatency", "job": "api", "instance": "c.example.com:9100", "severity": "page"],
                annotations: ["summary": "Latency is high"],
                startsAt: instant("2024-03-05T13:00:00Z"), endsAt: instant("2024-03-05T14:00:00.5Z"),
                generatorURL: "http://prom:9090/graph?g0.expr=up", fingerprint: "ffeeddccbbaa9988"),
        ],
        groupLabels: ["alertname": "HighLatency"],
        commonLabels: ["alertname": "HighLatency", "job": "api", "severity": "page"],
        commonAnnotations: ["summary": "Latency is high"],
        externalURL: "http://am.example.com:9093")

    /// Alertmanager 0.25's function table and the default templates, as amtool loads them.
    static func alertmanagerSet() throws -> TemplateSet {
        var functions = FunctionTable.builtins.merging(.alertmanager(clock: FixedClock(instant: Date(timeIntervalSince1970: 0))))
        // 0.25 has none of the later functions; a template naming them must fail to parse as it did there.
        for name in ["trimSpace", "safeUrl", "urlUnescape", "date", "tz", "since", "humanizeDuration", "now", "toJson",
                     "base64encode", "base64decode", "list", "append", "dict", "toDate", "mustToDate"] {
            functions = FunctionTable(functions.functions.filter { $0.key != name })
        }
        var set = TemplateSet(functions: functions)
        try set.parse(try defaultTemplateText(), name: "default.tmpl")
        return set
    }

    @Test("renders like Alertmanager 0.25", arguments: alertmanagerGoldenCases)
    func rendersLikeAlertmanager(_ golden: GoldenCase) throws {
        let set = try Self.alertmanagerSet()
        expectRender(
            golden.template, data: Self.sampleData.templateValue(types: .v0_25), set: set, output: golden.output,
            error: golden.error)
    }
}
