import Runbooks
import Testing
import VigilConfig

@Suite struct RunbookParsingTests {
    @Test func readsFrontMatterAndBody() throws {
        let text = """
            ---
            alerts: [DiskSpaceLow, DiskFull]
            severity: critical
            owner: platform-team
            ---
            # Disk space low

            ## Diagnosis
            1. Check disk usage
            """
        let runbook = try Runbook(parsing: text, file: "runbooks/DiskSpaceLow.md")
        #expect(runbook.name == "DiskSpaceLow")
        #expect(runbook.frontMatter.alerts == ["DiskSpaceLow", "DiskFull"])
        #expect(runbook.frontMatter.severity == "critical")
        #expect(runbook.frontMatter.owner == "platform-team")
        #expect(runbook.title == "Disk space low")
        #expect(runbook.bodyStartLine == 6)
        #expect(runbook.body.hasPrefix("# Disk space low\n"))
    }

    @Test func titleComesFromFrontMatterThenHeadingThenStem() throws {
        let head = "---\nalerts: []\nseverity: info\nowner: o\n"
        #expect(try Runbook(parsing: head + "title: From front matter\n---\n# Heading\n", file: "a/Stem.md").title == "From front matter")
        #expect(try Runbook(parsing: head + "---\nText\n# Heading\n", file: "a/Stem.md").title == "Heading")
        #expect(try Runbook(parsing: head + "---\nText only\n", file: "a/Stem.md").title == "Stem")
    }

    @Test("reports front matter problems at their place", arguments: [
        ("# no front matter\n",
         #"r.md:1:1: a runbook starts with front matter: a "---" line, alerts, severity and owner, then "---""#),
        ("---\nalerts: [A]\nseverity: critical\n",
         #"r.md:1:1: front matter opened here is not closed by a "---" line"#),
        ("---\nalerts: [A]\nseverity: critical\nowner: me\nteam: x\n---\n",
         "r.md:5:1: field team not found in type runbook front matter"),
        ("---\nalerts: A\nseverity: critical\nowner: me\n---\n",
         "r.md:2:9: alerts: expected a list of alert names"),
        ("---\nalerts:\n  - A\n  - {x: 1}\nseverity: critical\nowner: me\n---\n",
         "r.md:4:5: alerts[1]: expected an alert name"),
        ("---\nalerts: [A, B, A]\nseverity: critical\nowner: me\n---\n",
         #"r.md:2:16: alerts[2]: alert "A" is listed twice"#),
        ("---\nalerts: [A]\nseverity: [critical]\nowner: me\n---\n",
         "r.md:3:11: severity: expected a non-empty string"),
        ("---\nalerts: [A]\nowner: me\n---\n",
         #"r.md:4:1: missing required field "severity""#),
        ("---\nseverity: critical\nowner: me\n---\n",
         #"r.md:4:1: missing required field "alerts" (use [] for a runbook no alert triggers)"#),
        ("---\nalerts: [A\nseverity: critical\n---\n",
         "r.md:3:9: yaml: did not find expected ',' or ']'"),
    ])
    func rejects(text: String, message: String) {
        let error = #expect(throws: ConfigErrors.self) { try Runbook(parsing: text, file: "r.md") }
        #expect(error?.description == message)
    }

    @Test func collectsEveryProblemOfTheFrontMatter() {
        let text = "---\nalerts: nope\nsev: x\n---\n"
        let error = #expect(throws: ConfigErrors.self) { try Runbook(parsing: text, file: "r.md") }
        #expect(error?.errors.map(\.description) == [
            "r.md:2:9: alerts: expected a list of alert names",
            "r.md:3:1: field sev not found in type runbook front matter",
            #"r.md:4:1: missing required field "severity""#,
            #"r.md:4:1: missing required field "owner""#,
        ])
    }

    @Test func acceptsWindowsLineEnds() throws {
        let runbook = try Runbook(parsing: "---\r\nalerts: [A]\r\nseverity: warning\r\nowner: me\r\n---\r\n1. Step\r\n", file: "r.md")
        #expect(runbook.frontMatter.alerts == ["A"])
        #expect(runbook.steps.map(\.text) == ["Step"])
    }
}
