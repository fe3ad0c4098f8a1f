import Foundation
import Runbooks
import Testing

/// The repository's `examples/` folder, found from this file, `<root>/Tests/RunbooksTests/*.swift`.
func examplesFolder(_ sub: String, here: String = #filePath) -> String {
    URL(filePath: here).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "examples/\(sub)").standardized.path(percentEncoded: false)
}

/// One alerting rule of `examples/rules/*.yml`, read minimally: its `- alert: NAME` line and
/// the `runbook_url` annotation that follows it.
struct ExampleAlert: CustomTestStringConvertible, Sendable {
    var file: String
    var line: Int
    var name: String
    var runbookURL: String?
    var testDescription: String { "\(file):\(line) \(name)" }
}

func exampleAlerts() throws -> [ExampleAlert] {
    let dir = examplesFolder("rules")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yml") }.sorted()
    var alerts: [ExampleAlert] = []
    for file in files {
        let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- alert:") {
                let name = trimmed.dropFirst("- alert:".count).trimmingCharacters(in: .whitespaces)
                alerts.append(ExampleAlert(file: file, line: index + 1, name: name))
            } else if trimmed.hasPrefix("runbook_url:"), !alerts.isEmpty, alerts[alerts.count - 1].runbookURL == nil {
                let value = trimmed.dropFirst("runbook_url:".count).split(separator: "#").first ?? ""
                alerts[alerts.count - 1].runbookURL = value.trimmingCharacters(in: .whitespaces.union(["\""]))
            }
        }
    }
    return alerts
}

@Suite struct ExampleRunbooksTests {
    let library: RunbookLibrary
    init() throws { library = try RunbookLibrary.load(directory: examplesFolder("runbooks")) }

    @Test func rulesFilesHaveTheSeedsAlerts() throws {
        let alerts = try exampleAlerts()
        // Seeds 000 (6), 001 (10), 003 (8), 004 (7) and Vigil's self-monitoring (7).
        #expect(alerts.count == 38)
        #expect(Set(alerts.map(\.name)).count == alerts.count)
    }

    @Test(arguments: try exampleAlerts())
    func everyAlertHasExactlyOneRunbook(_ alert: ExampleAlert) throws {
        let claiming = library.runbooks.filter { $0.frontMatter.alerts.contains(alert.name) }
        #expect(claiming.count == 1, "\(alert.file):\(alert.line): \(alert.name) has \(claiming.count) runbooks")
        // The count above already failed when there is none; `#require` would print the whole library.
        guard let runbook = library.runbook(for: alert.name) else { return }
        #expect(!runbook.steps.isEmpty)
        // A local runbook_url (`/runbooks/NAME`) names the runbook serving the alert.
        if let url = alert.runbookURL, url.hasPrefix("/runbooks/") {
            #expect(library.runbook(named: String(url.dropFirst("/runbooks/".count)))?.name == runbook.name)
        }
    }

    @Test func everyRunbookServesOnlyAlertsOfTheRules() throws {
        let names = Set(try exampleAlerts().map(\.name))
        for runbook in library.runbooks {
            for alert in runbook.frontMatter.alerts {
                #expect(names.contains(alert), "\(runbook.file): \(alert) is no alert of examples/rules")
            }
        }
        // Seed 002's SEV procedures are triggered by case classification, not by alert rules.
        #expect(library.runbooks.filter { $0.frontMatter.alerts.isEmpty }.map(\.name) == ["CreditSEV0", "CreditSEV1", "CreditSEV2"])
    }

    @Test func everyRunbookRendersWithoutTemplateError() throws {
        let renderer = RunbookRenderer()
        for runbook in library.runbooks {
            let rendered = renderer.render(runbook, for: RunbookAlert(labels: ["instance": "host:9100"], value: 0.5))
            #expect(rendered.templateError == nil, "\(runbook.file): \(rendered.templateError ?? "")")
            #expect(!rendered.html.contains("{{"), "\(runbook.file): unexpanded template in HTML")
        }
    }

    @Test func seed001DiagnosisShowsTheRealArtifactName() throws {
        let runbook = try #require(library.runbook(for: "UnsignedArtifactInProduction"))
        let labels = ["alertname": "UnsignedArtifactInProduction", "artifact_name": "ghcr.io/acme/linker:2.3.1", "deployment": "linker-api"]
        let rendered = RunbookRenderer().render(runbook, for: RunbookAlert(labels: labels, value: 1), checked: ["diagnosis-2"])
        #expect(rendered.steps.map(\.id.rawValue) == [
            "diagnosis-1", "diagnosis-2", "diagnosis-3", "resolution-1", "resolution-2", "resolution-3", "escalation-1", "escalation-2",
        ])
        #expect(rendered.steps[1].commands == [
            "kubectl exec -it deployment/provenance-linker -- \\\n  ./provenance-linker verify --artifact ghcr.io/acme/linker:2.3.1",
        ])
        #expect(rendered.steps[2].commands == ["kubectl logs -l app=provenance-linker --since=1h | grep ghcr.io/acme/linker:2.3.1"])
        #expect(rendered.steps[3].commands == [#"kubectl patch deployment linker-api -p '{"spec":{"replicas":0}}'"#])
        #expect(rendered.markdown.contains("2. [x] Verify the artifact signature status:"))
        #expect(rendered.page.contains("./provenance-linker verify --artifact ghcr.io/acme/linker:2.3.1\n</code></pre>"))
    }
}
