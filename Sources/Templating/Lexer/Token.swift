/// The kinds of token Go's template lexer produces (`text/template/parse/lex.go`).
enum TokenKind: Sendable, Equatable {
    case error, bool, char, charConstant, comment, assign, declare, eof, field, identifier
    case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
    // Keywords.
    case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword
    case range, template, with

    var isKeyword: Bool {
        switch self {
        case .block, .breakKeyword, .continueKeyword, .dot, .define, .elseKeyword, .end, .ifKeyword,
             .nilKeyword, .range, .template, .with:
            true
        default:
            false
        }
    }

    static let keywords: [String: TokenKind] = [
        ".": .dot, "block": .block, "break": .breakKeyword, "continue": .continueKeyword,
        "define": .define, "else": .elseKeyword, "end": .end, "if": .ifKeyword, "range": .range,
        "nil": .nilKeyword, "template": .template, "with": .with,
    ]
}

/// One lexed token: its kind, its text and where it starts (UTF-8 byte offset, 1-based line).
struct Token: Sendable, Equatable {
    var kind: TokenKind
    var text: String
    var offset: Int
    var line: Int

    /// How Go's parser names a token in "unexpected …" messages.
    var goDescription: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return text
        case .leftDelim, .rightDelim: return "<\(text)>"
        default:
            if kind.isKeyword { return "<\(text)>" }
            if text.unicodeScalars.count > 10 {
                let prefix = String(String.UnicodeScalarView(text.unicodeScalars.prefix(10)))
                return goQuote(prefix) + "..."
            }
            return goQuote(text)
        }
    }
}
