import Foundation
import PromQL
import Testing
import VigilCore

/// Every PromQL expression written in the seeds' runbooks (rule `expr:` fields, inline or block,
/// and Grafana panels' `"expr"`) parses and evaluates, as issue 3 asks.
@Suite struct SeedExpressionsTests {
    static let seeds: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/seeds")

    struct Found: CustomStringConvertible, Sendable {
        var file: String
        var line: Int
        var expr: String
        var description: String { "\(file):\(line): \(expr)" }
    }

    /// Expressions found in the seed files, with their line numbers.
    static func expressions() throws -> [Found] {
        let files = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".txt") }.sorted()
        var found: [Found] = []
        for file in files {
            let lines = try String(contentsOf: seeds.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var index = 0
            while index < lines.count {
                let line = lines[index]
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed == "expr: |" || trimmed == "expr: >" {
                    let indent = line.prefix { $0 == " " }.count
                    var body: [String] = []
                    var next = index + 1
                    while next < lines.count {
                        let candidate = lines[next]
                        let candidateIndent = candidate.prefix { $0 == " " }.count
                        if !candidate.trimmingCharacters(in: .whitespaces).isEmpty, candidateIndent <= indent { break }
                        body.append(candidate.trimmingCharacters(in: .whitespaces))
                        next += 1
                    }
                    found.append(Found(file: file, line: index + 1, expr: body.joined(separator: "\n")
                        .trimmingCharacters(in: .whitespacesAndNewlines)))
                    index = next
                    continue
                }
                if trimmed.hasPrefix("expr: ") {
                    found.append(Found(file: file, line: index + 1, expr: String(trimmed.dropFirst(6))))
                } else if trimmed.hasPrefix("\"expr\": \"") {
                    var text = String(trimmed.dropFirst(9))
                    if text.hasSuffix(",") { text.removeLast() }
                    if text.hasSuffix("\"") { text.removeLast() }
                    found.append(Found(file: file, line: index + 1, expr: text.replacingOccurrences(of: "\\\"", with: "\"")))
                }
                index += 1
            }
        }
        return found
    }

    @Test func theSeedsHaveExpressions() throws {
        #expect(try Self.expressions().count == 19)  // 6 rule exprs + 10 panel exprs in 000, 3 rules in 003
    }

    @Test(arguments: try expressions())
    func parsesAndEvaluates(_ found: Found) throws {
        let engine = Engine()
        let expr = try engine.parse(found.expr)
        var store = MemorySeriesStore()
        store.append(Labels(["__name__": "up", "job": "x"]), timestamp: 0, value: 1)
        _ = try engine.instantQuery(expr, at: 3_600_000, storage: store)
        _ = try engine.rangeQuery(expr, start: 0, end: 3_600_000, step: 60_000, storage: store)
    }
}
