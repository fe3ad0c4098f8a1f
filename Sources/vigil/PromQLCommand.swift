import ArgumentParser
import PromQL

/// `vigil promql`: PromQL tools.
struct PromQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promql",
        abstract: "PromQL engine tools.",
        subcommands: [PromQLTestCommand.self])
}

/// `vigil promql test [--promql-compat prometheus2|prometheus3] FILE_OR_DIR...`: runs Prometheus
/// `.test` scripts against Vigil's engine.
struct PromQLTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run Prometheus PromQL test scripts (.test files) against the engine.")

    @Option(name: .customLong("promql-compat"), help: "Semantics to reproduce: prometheus3 (default) or prometheus2.")
    var compatibility: PromQLCompatibility = .prometheus3

    @Argument(help: "Test files or directories holding .test files.")
    var paths: [String]

    func run() throws {
        let summary = PromQLTestRunner.run(paths: paths, compatibility: compatibility)
        if summary.failed > 0 || summary.total == 0 { throw ExitCode.failure }
    }
}

extension PromQLCompatibility: ExpressibleByArgument {}
