import ArgumentParser
import Foundation
import PromQL
import Rules

/// `vigil rules`: rule file tools, compatible with `promtool check rules` / `promtool test rules`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check rule files and run rule unit tests (promtool's formats).",
        subcommands: [RulesCheckCommand.self, RulesTestCommand.self])
}

/// `vigil rules check FILE...`: like `promtool check rules`.
struct RulesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check rule files; errors name file:line:col. Exit 1 on any error (3 for lint findings with --lint-fatal).")

    @Option(name: .customLong("promql-compat"), help: "Semantics to reproduce: prometheus3 (default) or prometheus2.")
    var compatibility: PromQLCompatibility = .prometheus3

    @Option(help: "Linting: duplicate-rules (default), all, or none.")
    var lint = "duplicate-rules"

    @Flag(name: .customLong("lint-fatal"), help: "Make lint findings exit with code 3.")
    var lintFatal = false

    @Argument(help: "Rule files to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one rule file") }
        if !["duplicate-rules", "all", "none"].contains(lint) { throw ValidationError("unknown --lint value \(lint)") }
    }

    func run() throws {
        let report = RuleChecker.check(files: files, compatibility: compatibility, lint: lint != "none", lintFatal: lintFatal)
        emit(report)
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

/// `vigil rules test FILE...`: runs promtool's rule unit-test files.
struct RulesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule unit tests in promtool's test file format; exit 1 if any fails.")

    @Option(name: .customLong("promql-compat"), help: "Semantics to reproduce: prometheus3 (default) or prometheus2.")
    var compatibility: PromQLCompatibility = .prometheus3

    @Argument(help: "Test files.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one test file") }
    }

    func run() throws {
        let report = RuleUnitTester.run(files: files, compatibility: compatibility)
        emit(report)
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

/// Writes the report's chunks in order, each to its stream, as promtool interleaves them.
private func emit(_ report: ToolReport) {
    for (stream, text) in report.chunks {
        (stream == .stdout ? FileHandle.standardOutput : FileHandle.standardError).write(Data(text.utf8))
    }
}
