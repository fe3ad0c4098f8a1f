import VigilCore
/// The kinds of token the PromQL lexer produces.
public enum TokenKind: Sendable, Hashable {
    case identifier      // metric name, label name, function name, keyword
    case number
    case duration
    case string
    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, colon, at, equal, assign // `==` is .equal, `=` is .assign
    case notEqual, regexMatch, regexNoMatch
    case add, sub, mul, div, mod, pow
    case less, lessEqual, greater, greaterEqual
    case eof
}

/// One lexed token: its kind, text and byte range in the query.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    /// The token's text; for strings the unquoted value.
    public var text: String
    /// UTF-8 offset of the first byte.
    public var offset: Int
    /// UTF-8 length in the source.
    public var length: Int

    /// How Prometheus names the token in "unexpected ..." messages: `<op:*>`, `<by>`,
    /// `<aggr:sum>`, `identifier "foo"`, `"("`, `end of input`.
    var display: String {
        switch kind {
        case .eof: return "end of input"
        case .identifier:
            let lower = text.lowercased()
            if ["and", "or", "unless", "atan2"].contains(lower) { return "<op:\(lower)>" }
            if Keyword.isKeyword(text) { return "<\(lower)>" }
            if Aggregator(rawValue: lower) != nil { return "<aggr:\(lower)>" }
            return "identifier \(quoteGoString(text))"
        case .number: return "number \(Token.shortQuote(text))"
        case .duration: return "duration \(Token.shortQuote(text))"
        case .string: return "string \(Token.shortQuote(text))"
        case .add, .sub, .mul, .div, .mod, .pow, .equal, .notEqual, .regexMatch, .regexNoMatch,
             .less, .lessEqual, .greater, .greaterEqual:
            return "<op:\(text)>"
        default: return quoteGoString(text)
        }
    }

    /// Go's `%.10q...` for long values, `%q` otherwise.
    static func shortQuote(_ text: String) -> String {
        guard text.count > 10 else { return quoteGoString(text) }
        return quoteGoString(String(text.prefix(10))) + "..."
    }
}

/// Reserved words that act as operators or modifiers.
enum Keyword {
    static let all: Set<String> = [
        "and", "or", "unless", "atan2", "by", "without", "on", "ignoring", "group_left", "group_right",
        "offset", "bool",
    ]
    static func isKeyword(_ text: String) -> Bool { all.contains(text.lowercased()) }
}
