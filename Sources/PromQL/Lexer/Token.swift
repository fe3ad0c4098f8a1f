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

    /// How Prometheus quotes the token in "unexpected ..." messages.
    var display: String {
        switch kind {
        case .eof: return "end of input"
        case .identifier:
            if Keyword.isKeyword(text) || Aggregator(rawValue: text.lowercased()) != nil { return "\(text)" }
            return "identifier \(quoteGoString(text))"
        case .number: return "number \(quoteGoString(text))"
        case .duration: return "duration \(quoteGoString(text))"
        case .string: return "string \(quoteGoString(text))"
        default: return quoteGoString(text)
        }
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
