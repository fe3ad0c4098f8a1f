import Templating
import Runbooks
import Testing

@Suite struct RunbookRendererTests {
    static let unsigned = """
        ---
        alerts: [UnsignedArtifactInProduction]
        severity: critical
        owner: security-team
        ---
        # Unsigned artifact {{ $labels.artifact_name }}

        ## Diagnosis

        1. Check the alert details for artifact {{ .Labels.artifact_name }} (value {{ $value }})
        2. Verify the artifact signature status:

        ```bash
        kubectl exec -it deployment/provenance-linker -- \\
          ./provenance-linker verify --artifact {{ $labels.artifact_name }}
        ```

        ## Resolution

        - [ ] Block it: `kubectl patch deployment {{ $labels.deployment }} -p '{"spec":{"replicas":0}}'`
        - [ ] Re-sign the artifact
        """

    func render(_ text: String, labels: [String: String], value: Double = 0, checked: Set<RunbookStep.ID> = []) throws -> RenderedRunbook {
        let runbook = try Runbook(parsing: text, file: "runbooks/UnsignedArtifactInProduction.md")
        return RunbookRenderer().render(runbook, for: RunbookAlert(labels: labels, value: value), checked: checked)
    }

    @Test func diagnosisCommandShowsTheArtifactFromTheLabels() throws {
        let rendered = try render(Self.unsigned, labels: ["artifact_name": "registry.local/api:1.4.2", "deployment": "api"])
        #expect(rendered.templateError == nil)
        #expect(rendered.markdown.contains("""
            ```bash
            kubectl exec -it deployment/provenance-linker -- \\
              ./provenance-linker verify --artifact registry.local/api:1.4.2
            ```
            """))
        #expect(rendered.html.contains("""
            <pre><code class="language-bash">kubectl exec -it deployment/provenance-linker -- \\
              ./provenance-linker verify --artifact registry.local/api:1.4.2
            </code></pre>
            """))
        #expect(rendered.html.contains("<code>kubectl patch deployment api -p '{\"spec\":{\"replicas\":0}}'</code>"))
        #expect(rendered.steps.first?.text == "Check the alert details for artifact registry.local/api:1.4.2 (value 0)")
        #expect(rendered.steps[1].commands == [
            "kubectl exec -it deployment/provenance-linker -- \\\n  ./provenance-linker verify --artifact registry.local/api:1.4.2",
        ])
    }

    @Test func valueAndMissingLabelsRenderAsInPrometheus() throws {
        let rendered = try render(Self.unsigned, labels: [:], value: 3)
        #expect(rendered.markdown.contains("--artifact \n```"))
        #expect(rendered.markdown.contains("1. Check the alert details for artifact  (value 3)\n"))
    }

    @Test func markdownHasTitleAndCheckedState() throws {
        let rendered = try render(
            "---\nalerts: [A]\nseverity: warning\nowner: o\ntitle: Backlog\n---\n## Resolution\n1. Scale up\n2. Clear stuck jobs\n- [ ] Raise limits\n- [x] Page platform\n",
            labels: [:], checked: ["resolution-2", "resolution-3"])
        #expect(rendered.markdown == """
            # Backlog

            ## Resolution
            1. Scale up
            2. [x] Clear stuck jobs
            - [x] Raise limits
            - [ ] Page platform

            """)
    }

    @Test func htmlGivesEveryStepACheckboxWithItsState() throws {
        let rendered = try render(Self.unsigned, labels: ["deployment": "api"], checked: ["diagnosis-2", "resolution-1"])
        #expect(rendered.html.contains(
            #"<li class="runbook-step"><input type="checkbox" name="step" value="diagnosis-1" id="step-diagnosis-1" data-step="diagnosis-1"> Check the alert details"#))
        #expect(rendered.html.contains(
            #"<li class="runbook-step"><input type="checkbox" name="step" value="diagnosis-2" id="step-diagnosis-2" data-step="diagnosis-2" checked> Verify"#))
        #expect(rendered.html.contains(#"data-step="resolution-1" checked> Block it"#))
        #expect(rendered.html.contains(#"data-step="resolution-2"> Re-sign the artifact</li>"#))
        #expect(!rendered.html.contains("[ ]"))
        #expect(!rendered.html.contains("\u{E000}"))
    }

    @Test func pageIsACompleteDocumentWithTitleAndMetadata() throws {
        let rendered = try render(Self.unsigned, labels: ["artifact_name": "a<b>"])
        #expect(rendered.page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(rendered.page.contains("<title>Unsigned artifact {{ $labels.artifact_name }}</title>"))
        #expect(rendered.page.contains("Severity: <strong>critical</strong> · Owner: security-team · Alerts: <code>UnsignedArtifactInProduction</code>"))
        #expect(rendered.page.contains(rendered.html))
        #expect(rendered.page.hasSuffix("</html>\n"))
    }

    @Test("label values stay literal in HTML", arguments: [
        ("<script>alert(1)</script>", "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;"),
        ("[click](javascript:x)", "&#91;click&#93;&#40;javascript:x&#41;"),
        ("*bold* _it_", "&#42;bold&#42; &#95;it&#95;"),
    ])
    func labelValuesAreNotMarkup(value: String, escaped: String) throws {
        let rendered = try render(Self.unsigned, labels: ["artifact_name": value])
        #expect(rendered.html.contains("<li class=\"runbook-step\"><input type=\"checkbox\" name=\"step\" value=\"diagnosis-1\" id=\"step-diagnosis-1\" data-step=\"diagnosis-1\"> Check the alert details for artifact \(escaped) (value 0)</li>"))
        #expect(rendered.html.contains("--artifact \(escaped)\n</code></pre>"))
        #expect(rendered.markdown.contains("--artifact \(value)\n"))
    }

    @Test func parseErrorIsShownInBandWithTheFileLine() throws {
        let text = "---\nalerts: [A]\nseverity: warning\nowner: o\n---\n## Diagnosis\n1. Check {{ if }}x{{ end }}\n2. Then\n"
        let rendered = try render(text, labels: ["x": "y"])
        let error = "<error expanding template: template: runbooks/UnsignedArtifactInProduction.md:7: missing value for if>"
        #expect(rendered.templateError == error)
        #expect(rendered.markdown.hasPrefix("# UnsignedArtifactInProduction\n\n\(error)\n\n## Diagnosis\n1. Check {{ if }}x{{ end }}\n"))
        #expect(rendered.html.hasPrefix(#"<p class="runbook-template-error">&lt;error expanding template: template: runbooks/UnsignedArtifactInProduction.md:7: missing value for if&gt;</p>"#))
        #expect(rendered.steps.map(\.id.rawValue) == ["diagnosis-1", "diagnosis-2"])
    }

    @Test func executionErrorIsShownInBand() throws {
        let text = "---\nalerts: [A]\nseverity: warning\nowner: o\n---\n1. {{ $value | humanizeDuration | first }}\n"
        let rendered = try render(text, labels: [:])
        let error = try #require(rendered.templateError)
        #expect(error.hasPrefix("<error expanding template: template: runbooks/UnsignedArtifactInProduction.md:6:"))
        #expect(error.contains("executing"))
        #expect(rendered.markdown.contains(error))
    }

    @Test func queryFunctionUsesTheGivenContext() throws {
        let runbook = try Runbook(
            parsing: "---\nalerts: [A]\nseverity: warning\nowner: o\n---\n{{ range query \"up\" }}- {{ .Labels.job }}: {{ .Value }}\n{{ end }}",
            file: "q.md")
        let renderer = RunbookRenderer(context: PrometheusTemplateContext { _ in [PrometheusSample(labels: ["job": "api"], value: 1)] })
        #expect(renderer.render(runbook, for: RunbookAlert(labels: [:])).markdown == "# q\n\n- api: 1\n")
    }
}

@Suite struct RunbookTemplateErrorTests {
    @Test func stepMarkersNeverLeakIntoTheErrorText() throws {
        // The action runs on into step 2's line, so the message quotes step 2's text.
        let text = "---\nalerts: [A]\nseverity: warning\nowner: o\n---\n## D\n1. Check {{ $labels.x \n2. Then {{ end }}\n"
        let runbook = try Runbook(parsing: text, file: "r.md")
        let rendered = RunbookRenderer().render(runbook, for: RunbookAlert(labels: [:]))
        #expect(rendered.templateError == #"<error expanding template: template: r.md:8: function "Then" not defined>"#)
    }
}
