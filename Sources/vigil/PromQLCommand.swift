import ArgumentParser
import Foundation
import PromQL

/// `vigil promql`: PromQL tools.
struct PromQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promql",
        abstract: "PromQL engine tools.",
        subcommands: [PromQLTestCommand.self, PromQLParseCommand.self])
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

/// `vigil promql parse [--file F] [--repeat N] [EXPR...]`: checks expressions (errors point at the
/// place with a caret); with `--repeat` also measures parse throughput.
struct PromQLParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse PromQL expressions and report errors; --repeat measures expressions parsed per second.")

    @Option(name: .customLong("promql-compat"), help: "Semantics to reproduce: prometheus3 (default) or prometheus2.")
    var compatibility: PromQLCompatibility = .prometheus3

    @Option(help: "A file with one expression per line (blank lines and lines starting with # are skipped).")
    var file: String?

    @Option(help: "Parse every expression this many times and print the throughput.")
    var `repeat`: Int = 0

    @Argument(help: "Expressions to parse.")
    var expressions: [String] = []

    func validate() throws {
        if `repeat` < 0 { throw ValidationError("--repeat must not be negative, got \(`repeat`)") }
        if expressions.isEmpty, file == nil { throw ValidationError("give expressions or --file") }
    }

    func run() throws {
        var inputs: [(place: String, text: String)] = expressions.enumerated().map { ("argument \($0.offset + 1)", $0.element) }
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read \(file)")
            }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                inputs.append(("\(file):\(number + 1)", String(line)))
            }
        }
        let engine = Engine(options: EngineOptions(compatibility: compatibility))
        var failed = 0
        for input in inputs {
            do {
                _ = try engine.parse(input.text)
            } catch {
                failed += 1
                print("\(input.place): \(error.annotatedSource)")
            }
        }
        if `repeat` > 0, failed == 0 {
            let clock = ContinuousClock()
            let elapsed = try clock.measure {
                for _ in 0..<`repeat` {
                    for input in inputs { _ = try engine.parse(input.text) }
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let count = inputs.count * `repeat`
            print("\(count) expressions (\(inputs.count) distinct, \(inputs.map(\.text.utf8.count).reduce(0, +)) bytes) parsed in \(String(format: "%.3f", seconds)) s: \(Int(Double(count) / seconds)) expressions/s")
        } else if failed == 0 {
            print("\(inputs.count) expressions parse")
        }
        if failed > 0 { throw ExitCode.failure }
    }
}

extension PromQLCompatibility: ExpressibleByArgument {}
