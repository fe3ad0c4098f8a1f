import Foundation
import PromQL
@testable import Rules
import Testing

/// `vigil rules test` / `vigil rules check` against promtool 2.42's verdicts: the peer suite's
/// table (read from its README in place) and our own fixtures for the seeds' rules.
@Suite("promtool compatibility: rules test and rules check")
struct PromtoolCompatibilityTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let peerSuite = repository.deletingLastPathComponent().appendingPathComponent("shared/peer-suites/promtool-rules")
    static let fixtures = repository.appendingPathComponent("Tests/Fixtures/rules")

    /// `| file | command | exit |` rows of the peer suite's README.
    static func verdicts() throws -> [(file: String, command: String, exit: Int32)] {
        let readme = try String(contentsOf: peerSuite.appendingPathComponent("README.md"), encoding: .utf8)
        return readme.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, cells[0].hasSuffix(".yml"), let exit = Int32(cells[2]) else { return nil }
            return (cells[0], cells[1], exit)
        }
    }

    @Test("every file of the peer suite gets promtool 2.42's exit code")
    func peerSuiteVerdicts() throws {
        let rows = try Self.verdicts()
        #expect(rows.count == 17)
        for row in rows {
            let path = Self.peerSuite.appendingPathComponent(row.file).path
            let report = row.command == "test rules"
                ? RuleUnitTester.run(files: [path], compatibility: .prometheus2)
                : RuleChecker.check(files: [path], compatibility: .prometheus2)
            #expect(report.exitCode == row.exit, "\(row.command) \(row.file): \(report.stderr)")
        }
    }

    @Test("a failing alert test prints promtool's report, byte for byte")
    func failingOutput() throws {
        let path = Self.peerSuite.appendingPathComponent("failing.yml").path
        let report = RuleUnitTester.run(files: [path], compatibility: .prometheus2)
        #expect(report.stdout == "Unit Testing:  \(path)\n" + String(repeating: "\n", count: 5), "a blank line per error, one per file")
        #expect(report.stderr == """
              FAILED:
                name: Failing test,
                alertname: Test, time: 0s, 
                    exp:[
                        0:
                          Labels:{alertname="Test"}
                          Annotations:{}
                        ], 
                    got:[]
                expr: "test", time: 0s,
                    exp: {__name__="test"} 1E+00
                    got: {__name__="test"} 0E+00
                name: Failing alert test,
                alertname: InstanceDown, time: 5m, 
                    exp:[], 
                    got:[
                        0:
                          Labels:{alertname="InstanceDown", job="test", severity="page"}
                          Annotations:{description=" of job test has been down for more than 5 minutes.", summary="Instance  down"}
                        ]
                name: Failing alert test,
                alertname: AlwaysFiring, time: 5m, 
                    exp:[], 
                    got:[
                        0:
                          Labels:{alertname="AlwaysFiring"}
                          Annotations:{}
                        ]

            """)
    }

    @Test("the duplicate-rules lint prints promtool's message and exits 0, or 3 when fatal")
    func lint() throws {
        let path = Self.peerSuite.appendingPathComponent("rules_duplicates.yml").path
        let report = RuleChecker.check(files: [path], compatibility: .prometheus2)
        #expect(report.exitCode == 0)
        #expect(report.stderr == "  FAILED:\nlint error 1 duplicate rule(s) found.\nMetric: job:test:count_over_time1m\nLabel(s):\nMight cause inconsistency while recording expressions\n")
        #expect(RuleChecker.check(files: [path], compatibility: .prometheus2, lintFatal: true).exitCode == 3)
        #expect(RuleChecker.check(files: [path], compatibility: .prometheus2, lint: false).stdout.contains("SUCCESS: 5 rules found"))
    }

    @Test("the seeds' rule files pass their unit tests, as they do under promtool 2.42")
    func seedFixtures() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix("_test.yml") }.sorted()
        #expect(files.count >= 5)
        for file in files {
            let report = RuleUnitTester.run(files: [Self.fixtures.appendingPathComponent(file).path], compatibility: .prometheus2)
            #expect(report.exitCode == 0, "\(file): \(report.stderr)")
        }
    }

    @Test("a template's `range query` over an aggregation lists its series in label order, every run")
    func stableQueryOrder() throws {
        let path = Self.fixtures.appendingPathComponent("vigil-only/000-enforcement-modes_test.yml").path
        for _ in 0..<20 {
            let report = RuleUnitTester.run(files: [path], compatibility: .prometheus2)
            #expect(report.exitCode == 0, "\(report.stderr)")
        }
    }

    @Test("a wrong expected annotation fails exactly as promtool reports it")
    func wrongAnnotation() throws {
        let capture = try String(contentsOf: Self.fixtures.appendingPathComponent("bad/wrong-annotation_test.promtool.txt"), encoding: .utf8)
        let expectedStderr = String(capture[capture.range(of: "--- stderr ---\n")!.upperBound...])
        let fromRoot = RuleUnitTester.run(files: [Self.fixtures.appendingPathComponent("bad/wrong-annotation_test.yml").path],
                                          compatibility: .prometheus2)
        #expect(fromRoot.exitCode == 1)
        #expect(fromRoot.stderr == expectedStderr)
    }

    @Test("bad rule files: each error names file:line:col and the field", arguments: [
        ("bad-expr.yml", ":7:15: groups[0].rules[0].expr: could not parse expression: 1:51: parse error: unclosed left parenthesis"),
        ("bad-template.yml", ":11:20: groups[0].rules[0].annotations.summary: annotation \"summary\": template: __alert_AttributionConstraintViolation:1: unclosed action"),
        ("duplicate-group.yml", ":10:11: groups[1].name: groupname: \"vigil_self\" is repeated in the same file"),
        ("invalid-for.yml", ":7:14: groups[0].rules[0].for: not a valid duration string: \"5x\""),
        ("invalid-label-name.yml", ":11:25: groups[0].rules[0].labels.on-call team: invalid label name: on-call team"),
        ("invalid-yaml.yml", ":6:7: yaml: did not find expected node content"),
        ("record-and-alert.yml", ":6:16: groups[0].rules[0].alert: only one of 'record' and 'alert' must be set"),
        ("unknown-field.yml", ":9:9: groups[0].rules[0].severity: field severity not found in type rulefmt.Rule"),
    ])
    func badRuleFiles(file: String, message: String) throws {
        let path = Self.fixtures.appendingPathComponent("bad/\(file)").path
        let report = RuleChecker.check(files: [path], compatibility: .prometheus3)
        #expect(report.exitCode == 1)
        #expect(report.stderr == "  FAILED:\n\(path)\(message)\n")
    }
}
