extension Lexer {
    /// Go's `atTerminator`: what may follow a word or a field name.
    func atTerminator() -> Bool {
        guard let next = byte(at: pos) else { return true }
        if Lexer.isSpace(next) { return true }
        switch next {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ")"),
             UInt8(ascii: "("):
            return true
        default:
            return hasPrefix(Lexer.rightDelim, at: pos)
        }
    }

    /// An identifier, keyword, field (`.Name`) or variable (`$name`); the sigil is already consumed.
    mutating func lexWord(kind: TokenKind) -> Bool? {
        if kind != .identifier, atTerminator() {
            emit(kind == .field ? .dot : .variable)
            return true
        }
        while let next = byte(at: pos), Lexer.isAlphaNumeric(next) { advance() }
        if !atTerminator() {
            let scalar = String(decoding: bytes[pos...].prefix(4), as: UTF8.self).unicodeScalars.first
            return fail("bad character \(goRuneDescription(scalar ?? "\u{FFFD}"))")
        }
        if kind == .identifier {
            let word = text(start, pos)
            if let keyword = TokenKind.keywords[word] {
                emit(keyword)
            } else if word == "true" || word == "false" {
                emit(.bool)
            } else {
                emit(.identifier)
            }
        } else {
            emit(kind)
        }
        return true
    }

    mutating func lexQuote() -> Bool? {
        advance()
        while true {
            guard let next = byte(at: pos), next != 0x0A else { return fail("unterminated quoted string") }
            advance()
            if next == UInt8(ascii: "\\") {
                guard let escaped = byte(at: pos), escaped != 0x0A else {
                    return fail("unterminated quoted string")
                }
                advance()
            } else if next == UInt8(ascii: "\"") {
                break
            }
        }
        emit(.string)
        return true
    }

    mutating func lexRawQuote() -> Bool? {
        advance()
        while true {
            guard let next = byte(at: pos) else { return fail("unterminated raw quoted string") }
            advance()
            if next == UInt8(ascii: "`") { break }
        }
        emit(.rawString)
        return true
    }

    mutating func lexChar() -> Bool? {
        advance()
        while true {
            guard let next = byte(at: pos), next != 0x0A else { return fail("unterminated character constant") }
            advance()
            if next == UInt8(ascii: "\\") {
                guard let escaped = byte(at: pos), escaped != 0x0A else {
                    return fail("unterminated character constant")
                }
                advance()
            } else if next == UInt8(ascii: "'") {
                break
            }
        }
        emit(.charConstant)
        return true
    }

    mutating func lexNumber() -> Bool? {
        func accept(_ set: String) -> Bool {
            guard let next = byte(at: pos), set.utf8.contains(next) else { return false }
            advance()
            return true
        }
        func acceptRun(_ set: String) { while accept(set) {} }
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11, accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23, accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if let next = byte(at: pos), Lexer.isAlphaNumeric(next) {
            advance()
            return fail("bad number syntax: \(goQuote(text(start, pos)))")
        }
        emit(.number)
        return true
    }
}

/// Go's `%#U` rendering of a rune: `U+0041 'A'`.
func goRuneDescription(_ scalar: Unicode.Scalar) -> String {
    var hex = String(scalar.value, radix: 16, uppercase: true)
    while hex.count < 4 { hex = "0" + hex }
    return "U+\(hex) '\(Character(scalar))'"
}
