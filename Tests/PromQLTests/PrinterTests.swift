import Foundation
import Testing
import VigilCore
@testable import PromQL

/// Expressions print in Prometheus's canonical form (`Expr.String()`), and printing is stable:
/// the printed form parses back to an expression that prints the same and evaluates the same.
struct PrinterTests {
    let engine = Engine()

    @Test(arguments: [
        ("sum(x) by (a)", "sum by (a) (x)"),
        ("sum   by(a,b)(x)", "sum by (a, b) (x)"),
        ("sum without(a)(x)", "sum without (a) (x)"),
        ("topk(3,x)", "topk(3, x)"),
        (#"count_values("v",x)"#, #"count_values("v", x)"#),
        (#"x{b="1",a=~"2"}"#, #"x{a=~"2",b="1"}"#),
        (#"{__name__="x",job!="a"}"#, #"x{job!="a"}"#),
        ("a+on(b)group_left(c)d", "a + on (b) group_left (c) d"),
        ("a * ignoring(b) d", "a * ignoring (b) d"),
        ("a and b", "a and b"),
        ("1 > bool 2", "1 > bool 2"),
        ("rate(x[90m] offset 1h)", "rate(x[1h30m] offset 1h)"),
        ("x offset -5m", "x offset -5m"),
        ("x @ 100", "x @ 100.000"),
        ("x[5m] @ start()", "x[5m] @ start()"),
        ("max_over_time(rate(x[5m])[1h:1m])", "max_over_time(rate(x[5m])[1h:1m])"),
        ("x[1h:]", "x[1h:]"),
        ("-x", "-x"),
        ("(a + b) * 1e3", "(a + b) * 1000"),
        ("0x10", "16"),
        (#"label_replace(up, "d", "$1", "s", "(.*)")"#, #"label_replace(up, "d", "$1", "s", "(.*)")"#),
        ("x[7d]", "x[1w]"),
        (#"sum by ("a.b") (x)"#, #"sum by ("a.b") (x)"#),
    ])
    func printsLikePrometheus(_ input: String, _ expected: String) throws {
        #expect(try engine.parse(input).description == expected)
    }

    /// Every expression in the seeds and in Prometheus's own test scripts: print, reparse, print
    /// again gives the same text.
    @Test func printingIsStable() throws {
        var expressions = try SeedExpressionsTests.expressions().map(\.expr)
        let suite = SeedExpressionsTests.seeds.deletingLastPathComponent().appendingPathComponent("peer-suites/prometheus-promql/v3.9.1")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: suite.path)) ?? [] where file.hasSuffix(".test") {
            let text = try String(contentsOf: suite.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: true)
                if words.count == 5, words[0] == "eval", words[1] == "instant" || words[1] == "range", words[2] == "at" {
                    expressions.append(String(words[4]))
                }
            }
        }
        var checked = 0
        for text in expressions {
            guard let expr = try? engine.parse(text) else { continue }
            let printed = expr.description
            let again = try engine.parse(printed)
            #expect(again.description == printed, "\(text) -> \(printed) -> \(again.description)")
            checked += 1
        }
        #expect(checked > 500)
    }
}
