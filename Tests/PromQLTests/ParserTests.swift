import Testing
@testable import PromQL

/// Table tests for the parser: good input parses, bad input fails with Prometheus's message.
struct ParserTests {
    static let good: [String] = [
        "1", "-1", "+1", "0x1F", "1e3", "1.5e-3", ".5", "Inf", "-inf", "NaN",
        "\"a\\n\\\"b\"", "'single \\' quote'", "`raw \\n`",
        "foo", "foo:bar", "{__name__=\"foo\"}", "foo{a=\"b\", c!=\"d\", e=~\"f.*\", g!~\"h\"}", "foo{a=\"b\",}",
        "foo[5m]", "foo[1h30m]", "foo offset 5m", "foo offset -5m", "foo @ 100", "foo @ start()", "foo @ end()",
        "foo[5m] offset 1m @ 10", "rate(foo[5m])[30m:1m]", "foo[30m:]", "sum by (a) (foo)", "sum(foo) by (a)",
        "sum without (a, b) (foo)", "topk(3, foo)", "quantile(0.9, foo)", "count_values(\"v\", foo)",
        "a + b * c ^ d ^ e", "a and b or c unless d", "a == bool b", "a / on(x) group_left(y) b",
        "a - ignoring(x) group_right b", "1 + 2 * 3", "(1 + 2) * 3", "-foo ^ 2", "label_replace(foo, \"a\", \"$1\", \"b\", \"(.*)\")",
        "foo # comment\n + bar", "sum(rate(http_requests_total{job=\"api\"}[5m])) by (instance) > 0.5",
        "foo[step()*2]", "foo offset (1m + 30s)", "metric[1m] anchored", "metric smoothed",
    ]

    @Test(arguments: good)
    func parsesValidQuery(_ query: String) throws {
        _ = try Parser.parse(query)
    }

    struct Bad: Sendable, CustomStringConvertible {
        var query: String
        var message: String
        var description: String { query }
    }

    static let bad: [Bad] = [
        Bad(query: "foo{a=\"b\"", message: "1:10: parse error: unexpected end of input inside braces"),
        Bad(query: "sum(foo", message: "1:8: parse error: unclosed left parenthesis"),
        Bad(query: "{}", message: "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        Bad(query: "{a=\"\"}", message: "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        Bad(query: "\"unterminated", message: "1:1: parse error: unterminated quoted string"),
        Bad(query: "foo[5m] + 1", message: "1:9: parse error: binary expression must contain only scalar and instant vector types"),
        Bad(query: "1 == 1", message: "1:3: parse error: comparisons between scalars must use BOOL modifier"),
        Bad(query: "1 and foo", message: "1:3: parse error: set operator \"and\" not allowed in binary scalar expression"),
        Bad(query: "rate(foo)", message: "1:1: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        Bad(query: "nope(foo)", message: "1:1: parse error: unknown function with name \"nope\""),
        Bad(query: "abs()", message: "1:1: parse error: expected 1 argument(s) in call to \"abs\", got 0"),
        Bad(query: "foo offset 5m offset 1m", message: "1:15: parse error: offset may not be set multiple times"),
        Bad(query: "1 +", message: "1:4: parse error: unexpected end of input"),
        Bad(query: "foo }", message: "1:5: parse error: unexpected character: '}'"),
        Bad(query: "foo == bool on(a) group_left(a) bar", message: "1:5: parse error: label \"a\" must not occur in ON and GROUP clause at once"),
        Bad(query: "foo and on(a) group_left bar", message: "1:5: parse error: no grouping allowed for \"and\" operation"),
        Bad(query: "topk(foo)", message: "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"),
        Bad(query: "", message: "1:1: parse error: no expression found in input"),
        Bad(query: "foo\n  + ]", message: "2:5: parse error: unexpected right bracket ']'"),
        Bad(query: "*1", message: "1:1: parse error: unexpected <op:*>"),
        Bad(query: "a - on(b) ignoring(c) d", message: "1:11: parse error: unexpected <ignoring>"),
        Bad(query: "(1))", message: "1:4: parse error: unexpected right parenthesis ')'"),
        Bad(query: "((1)", message: "1:5: parse error: unclosed left parenthesis"),
        Bad(query: "sum by (a) foo", message: "1:12: parse error: unexpected identifier \"foo\" in aggregation, expected \"(\""),
        Bad(query: "1 offset 1d", message: "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        Bad(query: "1 + $", message: "1:5: parse error: unexpected character: '$'"),
    ]

    @Test(arguments: bad)
    func rejectsInvalidQuery(_ bad: Bad) {
        #expect(throws: ParseError.self) { try Parser.parse(bad.query) }
        do {
            _ = try Parser.parse(bad.query)
        } catch {
            #expect(error.description == bad.message)
        }
    }

    @Test func caretRendering() {
        do {
            _ = try Parser.parse("sum(foo{a=\"b\"}))")
            Issue.record("expected a parse error")
        } catch {
            #expect(error.annotatedSource == "1:16: parse error: unexpected right parenthesis ')'\nsum(foo{a=\"b\"}))\n               ^")
        }
    }

    @Test func precedenceAndAssociativity() throws {
        // `^` is right-associative: 2 ^ 3 ^ 2 = 2 ^ 9.
        guard case .binary(let pow) = try Parser.parse("2 ^ 3 ^ 2"), case .binary = pow.rhs else {
            Issue.record("expected a right-nested power")
            return
        }
        // `-` is left-associative: 1 - 2 - 3 = (1 - 2) - 3.
        guard case .binary(let sub) = try Parser.parse("1 - 2 - 3"), case .binary = sub.lhs else {
            Issue.record("expected a left-nested subtraction")
            return
        }
        // Unary minus binds looser than `^`: -2 ^ 2 = -(2 ^ 2).
        guard case .negate = try Parser.parse("-a ^ 2") else {
            Issue.record("expected negation of a power")
            return
        }
    }

    @Test func compatibilityChangesFunctionNames() throws {
        let v2 = ParserOptions(compatibility: .prometheus2)
        _ = try Parser.parse("holt_winters(foo[5m], 0.5, 0.5)", options: v2)
        #expect(throws: ParseError.self) { try Parser.parse("holt_winters(foo[5m], 0.5, 0.5)") }
        _ = try Parser.parse("double_exponential_smoothing(foo[5m], 0.5, 0.5)")
        #expect(throws: ParseError.self) { try Parser.parse("double_exponential_smoothing(foo[5m], 0.5, 0.5)", options: v2) }
    }
}

/// Prometheus 2 does not accept quoted (UTF-8) label and metric names.
struct LegacyNameTests {
    @Test func quotedNamesOnlyIn3() throws {
        let v2 = ParserOptions(compatibility: .prometheus2)
        for query in ["{\"my.metric\"}", "foo{\"a.b\"=\"1\"}", "sum by (\"a.b\") (foo)"] {
            _ = try Parser.parse(query)
            #expect(throws: ParseError.self, "\(query)") { try Parser.parse(query, options: v2) }
        }
    }
}
