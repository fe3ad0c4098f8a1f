import Runbooks
import Testing

@Suite struct RunbookStepTests {
    static let text = """
        ---
        alerts: [UnsignedArtifactInProduction]
        severity: critical
        owner: security-team
        ---
        # Unsigned artifact in production

        Read this first.

        1. Not a step: no heading yet

        ## Diagnosis

        1. Check the alert details
        2. Verify the signature:

        ```bash
        kubectl exec -it deployment/provenance-linker -- \\
          ./provenance-linker verify --artifact {{ $labels.artifact_name }}
        ```

        - a plain bullet is not a step

        ```
        # 1. inside code: not a step
        - [ ] nor this
        ```

        ## Resolution (short-term)

        - [ ] Re-sign the artifact
        - [x] Or roll back
        3) Parenthesis items count too

        ### Escalation
          1. Security team immediately
        """

    @Test func extractsOrderedAndCheckboxItemsWithSectionIDs() throws {
        let runbook = try Runbook(parsing: Self.text, file: "x/Unsigned.md")
        #expect(runbook.steps.map(\.id.rawValue) == [
            "steps-1", "diagnosis-1", "diagnosis-2", "resolution-short-term-1", "resolution-short-term-2",
            "resolution-short-term-3", "escalation-1",
        ])
        #expect(runbook.steps.map(\.kind) == [.ordered, .ordered, .ordered, .checkbox, .checkbox, .ordered, .ordered])
        #expect(runbook.steps.map(\.section) == [
            "", "Diagnosis", "Diagnosis", "Resolution (short-term)", "Resolution (short-term)", "Resolution (short-term)", "Escalation",
        ])
        #expect(runbook.steps.map(\.text) == [
            "Not a step: no heading yet", "Check the alert details", "Verify the signature:", "Re-sign the artifact",
            "Or roll back", "Parenthesis items count too", "Security team immediately",
        ])
        #expect(runbook.steps.map(\.line) == [10, 14, 15, 31, 32, 33, 36])
    }

    @Test func stepKeepsTheCodeBlocksThatFollowIt() throws {
        let runbook = try Runbook(parsing: Self.text, file: "x/Unsigned.md")
        let verify = try #require(runbook.step("diagnosis-2"))
        #expect(verify.commands == [
            "kubectl exec -it deployment/provenance-linker -- \\\n  ./provenance-linker verify --artifact {{ $labels.artifact_name }}",
            "# 1. inside code: not a step\n- [ ] nor this",
        ])
        #expect(runbook.step("diagnosis-1")?.commands == [])
    }

    @Test func idsDoNotDependOnLabels() throws {
        let runbook = try Runbook(parsing: Self.text, file: "x/Unsigned.md")
        let renderer = RunbookRenderer()
        let a = renderer.render(runbook, for: RunbookAlert(labels: ["artifact_name": "a"]))
        let b = renderer.render(runbook, for: RunbookAlert(labels: [:]))
        #expect(a.steps.map(\.id) == runbook.steps.map(\.id))
        #expect(b.steps.map(\.id) == runbook.steps.map(\.id))
    }

    @Test("slugs section headings", arguments: [
        ("## Diagnosis", "diagnosis-1"),
        ("## Resolution — Immediate!", "resolution-immediate-1"),
        ("### Step 2: Verify Quarantine ###", "step-2-verify-quarantine-1"),
        ("## ✅", "steps-1"),
    ])
    func slug(heading: String, id: String) throws {
        let runbook = try Runbook(parsing: "---\nalerts: []\nseverity: info\nowner: o\n---\n\(heading)\n1. Do it\n", file: "r.md")
        #expect(runbook.steps.map(\.id.rawValue) == [id])
    }

    @Test func repeatedSectionNamesKeepCounting() throws {
        let runbook = try Runbook(parsing: "---\nalerts: []\nseverity: info\nowner: o\n---\n## Checks\n1. a\n## Other\n1. b\n## Checks\n1. c\n", file: "r.md")
        #expect(runbook.steps.map(\.id.rawValue) == ["checks-1", "other-1", "checks-2"])
    }
}
