import Foundation
import Testing
@testable import Templating

/// A named template of default.tmpl, rendered with one of two data sets.
struct DefaultTemplateCase: Sendable, CustomTestStringConvertible {
    var dataSet: Int
    var name: String
    var output: String?
    var error: String?

    init(dataSet: Int, name: String, output: String) {
        (self.dataSet, self.name, self.output) = (dataSet, name, output)
    }

    init(dataSet: Int, name: String, error: String) {
        (self.dataSet, self.name, self.error) = (dataSet, name, error)
    }

    var testDescription: String { "\(name) with data set \(dataSet)" }
}

/// The peer suite's default.tmpl, every template, against Alertmanager 0.25's renderings.
struct DefaultTemplateTests {
    /// A single resolved alert with characters that need escaping in URLs.
    static let resolvedData = AlertmanagerTemplateData(
        receiver: "ops & <oncall>", status: "resolved",
        alerts: [
            AlertmanagerTemplateAlert(
                status: "resolved", labels: ["alertname": "DiskFull", "device": "/dev/sda1", "instance": "db-1"],
                annotations: ["summary": "Disk 95% full", "runbook": "https://runbooks/disk?x=1&y=2"],
                startsAt: instant("2024-03-05T10:00:00Z"), endsAt: instant("2024-03-05T11:30:00Z"),
                generatorURL: "http://prom:9090/graph?g0.expr=disk", fingerprint: "1111111111111111"),
        ],
        groupLabels: ["instance": "db-1", "device": "/dev/sda1"],
        commonLabels: ["alertname": "DiskFull", "device": "/dev/sda1", "instance": "db-1"],
        commonAnnotations: ["summary": "Disk 95% full", "runbook": "https://runbooks/disk?x=1&y=2"],
        externalURL: "http://am.example.com:9093/am")

    @Test("renders every default template like Alertmanager 0.25", arguments: defaultTemplateGoldenCases)
    func rendersDefaultTemplate(_ golden: DefaultTemplateCase) throws {
        let set = try AlertmanagerGoldenTests.alertmanagerSet()
        let data = golden.dataSet == 1 ? AlertmanagerGoldenTests.sampleData : Self.resolvedData
        expectRender(
            "{{ template \"\(golden.name)\" . }}", data: data.templateValue(types: .v0_25), set: set,
            output: golden.output, error: golden.error)
    }

    @Test func executesNamedTemplatesDirectly() throws {
        let set = try AlertmanagerGoldenTests.alertmanagerSet()
        let data = AlertmanagerGoldenTests.sampleData.templateValue()
        #expect(try set.execute("slack.default.title", data: data) == "[FIRING:2] HighLatency (api page)")
        #expect(try set.execute("slack.default.text", data: data) == "")
        #expect(set.contains("pagerduty.default.description"))
        #expect(set.templateNames.count == 40)  // 39 definitions and the file's own (blank) body
    }

    @Test func textAlertListRendersAlertsPassedAsDot() throws {
        let set = try AlertmanagerGoldenTests.alertmanagerSet()
        let data = Self.resolvedData.templateValue()
        let text = try set.render("{{ template \"__text_alert_list\" .Alerts }}", data: data)
        #expect(text == """
            Labels:
             - alertname = DiskFull
             - device = /dev/sda1
             - instance = db-1
            Annotations:
             - runbook = https://runbooks/disk?x=1&y=2
             - summary = Disk 95% full
            Source: http://prom:9090/graph?g0.expr=disk

            """)
    }

    /// email.tmpl is not in the peer suite; Debian's Alertmanager package installs it.
    static let emailTemplatePath = "/usr/share/prometheus/alertmanager/email.tmpl"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: emailTemplatePath)))
    func emailTemplatesParseAndRender() throws {
        var set = try AlertmanagerGoldenTests.alertmanagerSet()
        try set.parse(try String(contentsOfFile: Self.emailTemplatePath, encoding: .utf8), name: "email.tmpl")
        let data = AlertmanagerGoldenTests.sampleData.templateValue()
        #expect(try set.execute("email.default.subject", data: data) == "[FIRING:2] HighLatency (api page)")
        let html = try set.execute("email.default.html", data: data)
        #expect(html.contains("b.example.com:9100"))
        #expect(html.contains("View in Alertmanager"))
    }
}
