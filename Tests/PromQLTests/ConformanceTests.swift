import Foundation
import Testing
@testable import PromQL

/// Runs Prometheus's own PromQL test scripts (read in place from the shared peer-suites folder)
/// and holds the pass rate of each file to a floor, so regressions fail loudly.
struct ConformanceTests {
    /// `<repo>/../shared/peer-suites/prometheus-promql`, found from this file's path.
    static let suiteRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/peer-suites/prometheus-promql")

    /// `testdata/promql` in this repository.
    static let ownRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata/promql")

    struct Case: Sendable, CustomStringConvertible {
        var file: String
        /// Minimum share of non-skipped evals that must pass.
        var floor: Double
        var description: String { file }
        var compatibility: PromQLCompatibility { file.hasPrefix("v2.") ? .prometheus2 : .prometheus3 }
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        let v2 = ["aggregators", "at_modifier", "collision", "functions", "histograms", "literals", "operators",
                  "selectors", "staleness", "subquery", "trig_functions"]
        cases += v2.map { Case(file: "v2.42.0/\($0).test", floor: 1.0) }
        let v3Full = ["aggregators", "at_modifier", "collision", "duration_expression", "extended_vectors", "functions",
                      "histograms", "limit", "literals", "name_label_dropping", "native_histograms", "operators",
                      "range_queries", "selectors", "staleness", "subquery", "trig_functions", "type_and_unit"]
        for version in ["v3.9.1", "v3.14.0"] {
            cases += (v3Full + ["info"]).map { Case(file: "\(version)/\($0).test", floor: 1.0) }
        }
        cases.append(Case(file: "v3.14.0/fill-modifier.test", floor: 1.0))
        // Start timestamps (`@st` lines, experimental in 3.14) are not implemented yet.
        cases.append(Case(file: "v3.14.0/start_timestamps.test", floor: 0.0))
        return cases
    }()

    @Test(arguments: cases)
    func upstreamFile(_ testCase: Case) throws {
        let path = Self.suiteRoot.appendingPathComponent(testCase.file).path
        try #require(FileManager.default.fileExists(atPath: path), "missing conformance file \(path)")
        let summary = PromQLTestRunner.runFile(path, compatibility: testCase.compatibility)
        #expect(summary.total + summary.skipped > 0, "no evals in \(testCase.file)")
        #expect(summary.passRate >= testCase.floor || summary.total == 0,
                "\(testCase.file): \(summary.line)\n\(summary.failures.prefix(10).joined(separator: "\n"))")
    }

    @Test func wholeSuitesMeetTargets() throws {
        for (folder, compatibility, target) in [("v2.42.0", PromQLCompatibility.prometheus2, 0.99),
                                                ("v3.9.1", .prometheus3, 0.97)] {
            let path = Self.suiteRoot.appendingPathComponent(folder).path
            try #require(FileManager.default.fileExists(atPath: path), "missing conformance folder \(path)")
            let summary = PromQLTestRunner.run(paths: [path], compatibility: compatibility, output: nil)
            #expect(summary.passRate >= target, "\(folder): \(summary.line)")
        }
    }

    @Test(arguments: [("prometheus3", PromQLCompatibility.prometheus3), ("prometheus2", .prometheus2)])
    func ownScripts(_ folder: String, _ compatibility: PromQLCompatibility) throws {
        let path = Self.ownRoot.appendingPathComponent(folder).path
        try #require(FileManager.default.fileExists(atPath: path), "missing \(path)")
        let summary = PromQLTestRunner.run(paths: [path], compatibility: compatibility, output: nil)
        #expect(summary.total > 0)
        #expect(summary.failed == 0, "\(summary.failures.joined(separator: "\n"))")
    }
}
