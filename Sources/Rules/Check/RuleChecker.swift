import PromQL
import VigilConfig
import VigilCore

/// Checks rule files as `promtool check rules` does: every syntax, PromQL and template error
/// with its place, then the duplicate-rules lint (same name and labels, expression ignored).
/// Exit code 1 on any error; lint findings print `FAILED` but exit 0 unless `lintFatal` (3).
public enum RuleChecker {
    public static func check(files: [String], compatibility: PromQLCompatibility, lint: Bool = true,
                             lintFatal: Bool = false) -> ToolReport {
        var report = ToolReport()
        var errors = false
        var lintFailures = false
        for file in files {
            report.out("Checking \(file)\n")
            do throws(ConfigErrors) {
                let ruleFile = try RuleFile.load(path: file, compatibility: compatibility)
                let rules = ruleFile.groups.flatMap(\.rules)
                if lint, let message = duplicates(rules) {
                    lintFailures = true
                    report.err("  FAILED:\n" + message + "\n")
                } else {
                    report.out("  SUCCESS: \(rules.count) rules found\n")
                }
            } catch {
                errors = true
                report.err("  FAILED:\n")
                for problem in error.errors { report.err("\(problem)\n") }
            }
            report.out("\n")
        }
        report.exitCode = errors ? 1 : (lintFailures && lintFatal ? 3 : 0)
        return report
    }

    /// promtool's duplicate-rules lint message, nil when every (name, labels) pair is unique.
    static func duplicates(_ rules: [RuleDefinition]) -> String? {
        let keyed = rules.map { (name: $0.name, labels: Labels($0.labels)) }.sorted {
            $0.name != $1.name ? $0.name < $1.name : Labels.precedes($0.labels, $1.labels)
        }
        var found: [(name: String, labels: Labels)] = []
        var index = 1
        while index < keyed.count {
            if keyed[index].name == keyed[index - 1].name && keyed[index].labels == keyed[index - 1].labels {
                found.append(keyed[index])
                while index + 1 < keyed.count && keyed[index + 1].name == keyed[index].name
                        && keyed[index + 1].labels == keyed[index].labels { index += 1 }
            }
            index += 1
        }
        guard !found.isEmpty else { return nil }
        var message = "lint error \(found.count) duplicate rule(s) found.\n"
        for duplicate in found {
            message += "Metric: \(duplicate.name)\nLabel(s):\n"
            for label in duplicate.labels { message += "\t\(label.name): \(label.value)\n" }
        }
        return message + "Might cause inconsistency while recording expressions"
    }
}
