/// Splits template source into tokens the way Go's `text/template/parse/lex.go` does, including
/// `{{-`/`-}}` trim markers, comments and paren depth. Errors become `.error` tokens; lexing stops there.
struct Lexer {
    let bytes: [UInt8]
    var pos = 0
    var start = 0
    var line = 1
    var startLine = 1
    var parenDepth = 0
    private(set) var tokens: [Token] = []

    static let leftDelim: [UInt8] = Array("{{".utf8)
    static let rightDelim: [UInt8] = Array("}}".utf8)

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Lexes the whole input; the last token is `.eof` or `.error`.
    static func tokenize(_ text: String) -> [Token] {
        var lexer = Lexer(text)
        lexer.run()
        return lexer.tokens
    }

    mutating func run() {
        var insideAction = false
        while true {
            let more = insideAction ? lexInsideAction() : lexText()
            guard let next = more else { return }
            insideAction = next
        }
    }

    // MARK: Helpers

    func byte(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for (offset, byte) in prefix.enumerated() where bytes[index + offset] != byte { return false }
        return true
    }

    func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    mutating func emit(_ kind: TokenKind) {
        tokens.append(Token(kind: kind, text: text(start, pos), offset: start, line: startLine))
        start = pos
        startLine = line
    }

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where pos < bytes.count {
            if bytes[pos] == 0x0A { line += 1 }
            pos += 1
        }
    }

    mutating func ignore() {
        start = pos
        startLine = line
    }

    /// Emits an error token and stops lexing.
    mutating func fail(_ message: String) -> Bool? {
        tokens.append(Token(kind: .error, text: message, offset: start, line: startLine))
        return nil
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    static func isAlphaNumeric(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            || byte >= 0x80
    }

    /// `-}}` preceded by a space: a right delimiter that trims the following text.
    func hasRightTrim(at index: Int) -> Bool {
        guard let first = byte(at: index), Lexer.isSpace(first), byte(at: index + 1) == UInt8(ascii: "-") else {
            return false
        }
        return hasPrefix(Lexer.rightDelim, at: index + 2)
    }

    // MARK: States

    /// Scans text up to the next left delimiter; returns true when an action follows.
    mutating func lexText() -> Bool? {
        var search = pos
        while search < bytes.count, !hasPrefix(Lexer.leftDelim, at: search) { search += 1 }
        guard search < bytes.count else {
            advance(bytes.count - pos)
            if pos > start { emit(.text) }
            emit(.eof)
            return nil
        }
        var textEnd = search
        let trims = byte(at: search + 2) == UInt8(ascii: "-") && byte(at: search + 3).map(Lexer.isSpace) == true
        if trims {
            while textEnd > start, Lexer.isSpace(bytes[textEnd - 1]) { textEnd -= 1 }
        }
        advance(textEnd - pos)
        if textEnd > start { emit(.text) }
        advance(search - pos)
        ignore()
        return lexLeftDelim(trims: trims)
    }

    mutating func lexLeftDelim(trims: Bool) -> Bool? {
        advance(2)
        if trims { advance(2) }
        // A comment must sit right after the delimiter (and its trim marker).
        if hasPrefix(Array("/*".utf8), at: pos) {
            ignore()
            return lexComment()
        }
        // Go emits the delimiter token without the trim marker text.
        tokens.append(Token(kind: .leftDelim, text: "{{", offset: start, line: startLine))
        ignore()
        parenDepth = 0
        return true
    }

    mutating func lexComment() -> Bool? {
        var search = pos + 2
        while search < bytes.count, !hasPrefix(Array("*/".utf8), at: search) { search += 1 }
        guard search < bytes.count else { return fail("unclosed comment") }
        advance(search + 2 - pos)
        // Comments are dropped, as Go drops them unless asked to keep them.
        if hasRightTrim(at: pos) {
            advance(4)
            trimFollowingSpace()
        } else if hasPrefix(Lexer.rightDelim, at: pos) {
            advance(2)
        } else {
            return fail("comment ends before closing delimiter")
        }
        ignore()
        return false
    }

    mutating func trimFollowingSpace() {
        while let next = byte(at: pos), Lexer.isSpace(next) { advance() }
    }

    /// Scans one element inside an action; returns false after the right delimiter.
    mutating func lexInsideAction() -> Bool? {
        let trimmed = hasRightTrim(at: pos)
        if trimmed || hasPrefix(Lexer.rightDelim, at: pos) {
            if parenDepth > 0 { return fail("unclosed left paren") }
            if trimmed {
                advance()
                ignore()
            }
            advance(trimmed ? 3 : 2)
            tokens.append(Token(kind: .rightDelim, text: "}}", offset: start, line: startLine))
            if trimmed { trimFollowingSpace() }
            ignore()
            return false
        }
        guard let current = byte(at: pos) else { return fail("unclosed action") }
        if Lexer.isSpace(current) {
            // Stops before a space that begins " -}}", which the next round lexes as the delimiter.
            while let next = byte(at: pos), Lexer.isSpace(next), !hasRightTrim(at: pos) { advance() }
            emit(.space)
            return true
        }
        switch current {
        case UInt8(ascii: "="):
            advance()
            emit(.assign)
        case UInt8(ascii: ":"):
            guard byte(at: pos + 1) == UInt8(ascii: "=") else { return fail("expected :=") }
            advance(2)
            emit(.declare)
        case UInt8(ascii: "|"):
            advance()
            emit(.pipe)
        case UInt8(ascii: "\""):
            return lexQuote()
        case UInt8(ascii: "`"):
            return lexRawQuote()
        case UInt8(ascii: "'"):
            return lexChar()
        case UInt8(ascii: "$"):
            advance()
            return lexWord(kind: .variable)
        case UInt8(ascii: "."):
            if let next = byte(at: pos + 1), next >= 0x30, next <= 0x39 { return lexNumber() }
            advance()
            return lexWord(kind: .field)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), 0x30...0x39:
            return lexNumber()
        case UInt8(ascii: "("):
            advance()
            emit(.leftParen)
            parenDepth += 1
        case UInt8(ascii: ")"):
            advance()
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return fail("unexpected right paren") }
        default:
            if Lexer.isAlphaNumeric(current) { return lexWord(kind: .identifier) }
            if current < 0x80, current >= 0x20, current != 0x7F {
                advance()
                emit(.char)
            } else {
                let scalar = String(decoding: bytes[pos...].prefix(4), as: UTF8.self).unicodeScalars.first
                return fail("unrecognized character in action: \(goRuneDescription(scalar ?? "\u{FFFD}"))")
            }
        }
        return true
    }
}
