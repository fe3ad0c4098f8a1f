import Foundation
import PromQL
import Templating
import VigilConfig
import VigilCore

/// Runs rule unit tests in promtool's format (`promtool test rules`), with promtool's output
/// and verdicts: input series are loaded in the expanding notation, every group is evaluated
/// at each `evaluation_interval` step from 0 to the latest `eval_time`, and firing alerts and
/// query results are compared with the expectations at their `eval_time`.
public enum RuleUnitTester {
    public static func run(files: [String], compatibility: PromQLCompatibility) -> ToolReport {
        var report = ToolReport()
        for file in files {
            report.out("Unit Testing:  \(file)\n")
            var warnings: [String] = []
            let errors = testFile(file, compatibility: compatibility, warnings: &warnings)
            for warning in warnings { report.err(warning + "\n") }
            if errors.isEmpty {
                report.out("  SUCCESS\n")
            } else {
                report.exitCode = 1
                report.err("  FAILED:\n")
                for error in errors {
                    report.err(error + "\n")
                    report.out("\n")
                }
            }
            report.out("\n")
        }
        return report
    }

    /// The failures of one test file, empty when it passes.
    static func testFile(_ path: String, compatibility: PromQLCompatibility, warnings: inout [String]) -> [String] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            return ["open \(path): \(error.localizedDescription)"]
        }
        let file: RuleTestFile
        do throws(ConfigErrors) {
            file = try YAMLLoader(file: path).decode(RuleTestFile.self, from: text)
        } catch {
            return error.errors.map(\.description)
        }
        let directory = (path as NSString).deletingLastPathComponent
        var ruleFiles: [String] = []
        for pattern in file.ruleFiles {
            let matches = (directory.isEmpty || pattern.hasPrefix("/") ? FileGlob.expand([pattern], baseDirectory: nil)
                : FileGlob.expand([pattern], baseDirectory: directory)).map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }
                .filter { FileManager.default.fileExists(atPath: $0) }
            if matches.isEmpty { warnings.append("  WARNING: no file match pattern \(pattern)") }
            ruleFiles += matches
        }
        let evaluationInterval = file.evaluationInterval?.milliseconds ?? 60_000
        if evaluationInterval <= 0 { return ["evaluation_interval must be positive"] }
        var errors: [String] = []
        for group in file.tests {
            errors += RuleTestGroupRun(
                group: group, ruleFiles: ruleFiles, evaluationInterval: evaluationInterval,
                groupOrder: file.groupEvalOrder, compatibility: compatibility
            ).run()
        }
        return errors
    }
}

/// One `tests` entry being run.
struct RuleTestGroupRun {
    let group: RuleTestGroup
    let ruleFiles: [String]
    let evaluationInterval: Int64
    let groupOrder: [String]
    let compatibility: PromQLCompatibility

    func run() -> [String] {
        let seriesInterval = group.interval?.milliseconds ?? evaluationInterval
        // Samples are loaded lazily, up to each step's time, as promtool's loader does: a sample
        // later than the last step is never visible, not even to `@` or a negative offset.
        var pending: ArraySlice<RuleSample>
        do { pending = try parseSeries(interval: seriesInterval)[...] } catch { return ["\(error)"] }
        let storage = MemoryRuleStorage()

        var definitions: [RuleGroupDefinition] = []
        var loadErrors: [String] = []
        for path in ruleFiles {
            do throws(ConfigErrors) {
                definitions += try RuleFile.load(path: path, compatibility: compatibility).groups
            } catch {
                loadErrors += error.errors.map(\.description)
            }
        }
        if !loadErrors.isEmpty { return loadErrors }
        let rank = Dictionary(groupOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        definitions = definitions.enumerated().sorted { lhs, rhs in
            let (a, b) = (rank[lhs.element.name] ?? Int.max, rank[rhs.element.name] ?? Int.max)
            return a == b ? lhs.offset < rhs.offset : a < b
        }.map(\.element)
        var groups = definitions.map { definition in
            var state = RuleGroupState(definition, defaultInterval: seriesInterval)
            state.needsRestore = false
            return state
        }
        let environment = RuleEnvironment(
            engine: Engine(options: EngineOptions(compatibility: compatibility)),
            externalLabels: group.externalLabels, externalURL: group.externalURL)

        for test in group.alertRuleTests where test.alertname.isEmpty {
            let suffix = group.name.isEmpty ? "" : " (in TestGroup \(group.name))"
            return ["an item under alert_rule_test misses required attribute alertname at eval_time \(test.evalTime)\(suffix)"]
        }
        let alertTimes = Set(group.alertRuleTests.map(\.evalTime.milliseconds)).sorted()
        var nextAlertTime = 0
        var errors: [String] = []
        let maxEvalTime = group.maxEvalTime
        var ts: Int64 = 0
        while ts <= maxEvalTime {
            let due = pending.prefix { $0.timestamp <= ts }
            storage.append(Array(due))
            pending = pending.dropFirst(due.count)
            var evalErrors: [String] = []
            for index in groups.indices {
                _ = groups[index].evaluate(at: ts, storage: storage, environment: environment)
                for rule in groups[index].rules where rule.health == .err {
                    evalErrors.append("    rule: \(rule.definition.name), time: \(goDurationDescription(ts * 1_000_000)), err: \(rule.lastError ?? "")")
                }
            }
            errors += evalErrors
            if !evalErrors.isEmpty { return errors }
            while nextAlertTime < alertTimes.count, ts <= alertTimes[nextAlertTime], alertTimes[nextAlertTime] < ts + evaluationInterval {
                errors += checkAlerts(at: alertTimes[nextAlertTime], groups: groups)
                nextAlertTime += 1
            }
            ts += evaluationInterval
        }
        for test in group.promqlExprTests {
            if let failure = checkExpression(test, storage: storage, engine: environment.engine) { errors.append(failure) }
        }
        return errors
    }

    /// The input series at `interval` steps from time 0, as a `load` block of a PromQL test.
    private func parseSeries(interval: Int64) throws -> [RuleSample] {
        var samples: [RuleSample] = []
        for input in group.inputSeries {
            let description = try SeriesDescription.parse(input.series + " " + input.values, compatibility: compatibility)
            var series: [RuleSample] = []
            for (index, item) in description.items.enumerated() {
                if case .value(let value) = item {
                    series.append(RuleSample(labels: description.labels, timestamp: Int64(index) * interval, value: value))
                }
            }
            // A series defined twice: the later definition replaces the earlier one.
            samples.removeAll { $0.labels == description.labels }
            samples += series
        }
        return samples.sorted { $0.timestamp < $1.timestamp }
    }

    /// Compares the firing alerts at `time` with every `alert_rule_test` for that time.
    private func checkAlerts(at time: Int64, groups: [RuleGroupState]) -> [String] {
        var errors: [String] = []
        for test in group.alertRuleTests where test.evalTime.milliseconds == time {
            var got: [AlertView] = []
            for state in groups {
                for rule in state.rules where rule.definition.kind == .alerting && rule.definition.name == test.alertname {
                    got += rule.alerts.values.filter { $0.state == .firing }.map { AlertView(labels: $0.labels, annotations: $0.annotations) }
                }
            }
            let expected = test.expAlerts.map { alert in
                var labels = alert.expLabels
                labels["alertname"] = test.alertname
                return AlertView(labels: Labels(labels), annotations: Labels(alert.expAnnotations))
            }
            let (gotSorted, expectedSorted) = (got.sorted(by: AlertView.precedes), expected.sorted(by: AlertView.precedes))
            if gotSorted != expectedSorted {
                let name = group.name.isEmpty ? "" : "    name: \(group.name),\n"
                errors.append("\(name)    alertname: \(test.alertname), time: \(test.evalTime), \n"
                    + "        exp:\(indentLines(AlertView.describe(expectedSorted), "            ")), \n"
                    + "        got:\(indentLines(AlertView.describe(gotSorted), "            "))")
            }
        }
        return errors
    }

    /// Runs one `promql_expr_test`; the failure text, or nil when it passes.
    private func checkExpression(_ test: ExprTestCase, storage: MemoryRuleStorage, engine: Engine) -> String? {
        let head = "    expr: \(quoteGoString(test.expr)), time: \(test.evalTime)"
        let got: [(Labels, Double)]
        do {
            let (result, _) = try engine.instantQuery(try engine.parse(test.expr), at: test.evalTime.milliseconds, storage: storage)
            got = try RuleState.vector(result).map { ($0.metric, $0.value) }
        } catch {
            return "\(head), err: \(error)"
        }
        var expected: [(Labels, Double)] = []
        for sample in test.expSamples {
            do {
                let labels = sample.labels.isEmpty ? Labels.empty : try SeriesDescription.parseLabels(sample.labels, compatibility: compatibility)
                expected.append((labels, sample.value))
            } catch {
                return "\(head), err: labels \(quoteGoString(sample.labels)): \(error)"
            }
        }
        let order: ((Labels, Double), (Labels, Double)) -> Bool = { Labels.precedes($0.0, $1.0) }
        let (g, e) = (got.sorted(by: order), expected.sorted(by: order))
        let same = g.count == e.count && zip(g, e).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        if same { return nil }
        func text(_ samples: [(Labels, Double)]) -> String {
            samples.isEmpty ? "nil" : samples.map { "\($0.0) \(goExponent($0.1))" }.joined(separator: ", ")
        }
        return "\(head),\n        exp: \(text(e))\n        got: \(text(g))"
    }
}

/// A firing alert as promtool compares it: labels and annotations.
struct AlertView: Equatable {
    var labels: Labels
    var annotations: Labels

    static func precedes(_ a: AlertView, _ b: AlertView) -> Bool {
        if a.labels != b.labels { return Labels.precedes(a.labels, b.labels) }
        return Labels.precedes(a.annotations, b.annotations)
    }

    /// promtool's list form: `[\n0:\n  Labels:{…}\n  Annotations:{…}\n]`, `[]` when empty.
    static func describe(_ alerts: [AlertView]) -> String {
        if alerts.isEmpty { return "[]" }
        var out = "["
        for (index, alert) in alerts.enumerated() {
            out += (index == 0 ? "\n" : ",\n") + "\(index):"
                + indentLines("\nLabels:\(alert.labels)\nAnnotations:\(alert.annotations)", "  ")
        }
        return out + "\n]"
    }
}

/// Prefixes every line but the first with `indentation`.
func indentLines(_ text: String, _ indentation: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        .map { $0.offset == 0 ? String($0.element) : indentation + $0.element }.joined(separator: "\n")
}

/// Go's `strconv.FormatFloat(v, 'E', -1, 64)`.
func goExponent(_ value: Double) -> String { GoFloat.shortest(value, verb: "E") }
