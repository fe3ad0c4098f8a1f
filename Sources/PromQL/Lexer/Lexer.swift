import Foundation
import VigilCore

/// Splits a PromQL query into tokens. Works on UTF-8 bytes; never traps on malformed input.
public struct Lexer: Sendable {
    private let bytes: [UInt8]
    private var index = 0

    public init(_ text: String) { bytes = Array(text.utf8) }

    /// Lexes the whole query, ending with an `.eof` token.
    public static func tokenize(_ text: String) throws(ParseError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        // Bracket balance, checked while lexing as Prometheus's lexer does.
        var parens = 0
        var braceOpen = false
        var bracketOpen = false
        func fail(_ message: String, _ token: Token) -> ParseError {
            ParseError(message: message, offset: token.offset, source: text)
        }
        while true {
            let token = try lexer.next(source: text)
            switch token.kind {
            case .leftParen: parens += 1
            case .rightParen:
                if parens == 0 { throw fail("unexpected right parenthesis ')'", token) }
                parens -= 1
            case .leftBrace:
                if braceOpen { throw fail("unexpected left brace '{'", token) }
                braceOpen = true
            case .rightBrace:
                if !braceOpen { throw fail("unexpected character: '}'", token) }
                braceOpen = false
            case .leftBracket:
                if bracketOpen { throw fail("unexpected left bracket '['", token) }
                bracketOpen = true
            case .rightBracket:
                if !bracketOpen { throw fail("unexpected right bracket ']'", token) }
                bracketOpen = false
            case .eof:
                if braceOpen { throw fail("unexpected end of input inside braces", token) }
                if bracketOpen { throw fail("unclosed left bracket", token) }
                if parens > 0 { throw fail("unclosed left parenthesis", token) }
            default: break
            }
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d {
                index += 1
            } else if c == UInt8(ascii: "#") {
                while let d = peek(), d != 0x0a { index += 1 }
            } else {
                return
            }
        }
    }

    private func error(_ message: String, at offset: Int, source: String) -> ParseError {
        ParseError(message: message, offset: offset, source: source)
    }

    private func text(_ start: Int) -> String { String(decoding: bytes[start..<index], as: UTF8.self) }

    mutating func next(source: String) throws(ParseError) -> Token {
        skipSpaceAndComments()
        let start = index
        guard let c = peek() else { return Token(kind: .eof, text: "", offset: index, length: 0) }
        func make(_ kind: TokenKind, _ length: Int) -> Token {
            index += length
            return Token(kind: kind, text: text(start), offset: start, length: length)
        }
        switch c {
        case UInt8(ascii: "("): return make(.leftParen, 1)
        case UInt8(ascii: ")"): return make(.rightParen, 1)
        case UInt8(ascii: "{"): return make(.leftBrace, 1)
        case UInt8(ascii: "}"): return make(.rightBrace, 1)
        case UInt8(ascii: "["): return make(.leftBracket, 1)
        case UInt8(ascii: "]"): return make(.rightBracket, 1)
        case UInt8(ascii: ","): return make(.comma, 1)
        case UInt8(ascii: ":"): return make(.colon, 1)
        case UInt8(ascii: "@"): return make(.at, 1)
        case UInt8(ascii: "+"): return make(.add, 1)
        case UInt8(ascii: "-"): return make(.sub, 1)
        case UInt8(ascii: "*"): return make(.mul, 1)
        case UInt8(ascii: "/"): return make(.div, 1)
        case UInt8(ascii: "%"): return make(.mod, 1)
        case UInt8(ascii: "^"): return make(.pow, 1)
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") { return make(.equal, 2) }
            if peek(1) == UInt8(ascii: "~") { return make(.regexMatch, 2) }
            return make(.assign, 1)
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") { return make(.notEqual, 2) }
            if peek(1) == UInt8(ascii: "~") { return make(.regexNoMatch, 2) }
            throw error("unexpected character after '!': \(quoteGoString(String(decoding: bytes[(index + 1)..<min(index + 2, bytes.count)], as: UTF8.self)))", at: start, source: source)
        case UInt8(ascii: "<"):
            return peek(1) == UInt8(ascii: "=") ? make(.lessEqual, 2) : make(.less, 1)
        case UInt8(ascii: ">"):
            return peek(1) == UInt8(ascii: "=") ? make(.greaterEqual, 2) : make(.greater, 1)
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
            return try lexString(quote: c, source: source)
        default:
            break
        }
        if isDigit(c) || (c == UInt8(ascii: ".") && peek(1).map(isDigit) == true) {
            return try lexNumberOrDuration(source: source)
        }
        if isIdentStart(c) {
            while let d = peek(), isIdentStart(d) || isDigit(d) || d == UInt8(ascii: ":") { index += 1 }
            let word = text(start)
            // Inf and NaN are number literals, in any letter case.
            let lower = word.lowercased()
            if lower == "inf" || lower == "nan" { return Token(kind: .number, text: word, offset: start, length: index - start) }
            return Token(kind: .identifier, text: word, offset: start, length: index - start)
        }
        // Decode one scalar for the message.
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let character = String(decoding: bytes[index..<end], as: UTF8.self)
        throw error("unexpected character: \(quoteGoRune(character))", at: start, source: source)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":")
    }
    /// Letters, digits and `_` (not `:`), which may not directly follow a number.
    private func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || (isIdentStart(c) && c != UInt8(ascii: ":")) }

    private mutating func lexNumberOrDuration(source: String) throws(ParseError) -> Token {
        let start = index
        // Hexadecimal.
        if peek() == UInt8(ascii: "0"), let x = peek(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            index += 2
            while let d = peek(), isDigit(d) || (d | 0x20 >= 97 && d | 0x20 <= 102) { index += 1 }
            if let d = peek(), isAlnum(d) { throw error("bad number or duration syntax: \(quoteGoString(text(start) + String(UnicodeScalar(d))))", at: start, source: source) }
            return Token(kind: .number, text: text(start), offset: start, length: index - start)
        }
        // Try a duration: digits followed by a unit, repeated.
        if let end = durationEnd(from: start) {
            index = end
            return Token(kind: .duration, text: text(start), offset: start, length: index - start)
        }
        while let d = peek(), isDigit(d) { index += 1 }
        if peek() == UInt8(ascii: ".") {
            index += 1
            while let d = peek(), isDigit(d) { index += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var probe = index + 1
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "+") || bytes[probe] == UInt8(ascii: "-") { probe += 1 }
            if probe < bytes.count, isDigit(bytes[probe]) {
                index = probe
                while let d = peek(), isDigit(d) { index += 1 }
            }
        }
        if let d = peek(), isAlnum(d) || d == UInt8(ascii: ".") {
            while let d = peek(), isAlnum(d) || d == UInt8(ascii: ".") { index += 1 }
            throw error("bad number or duration syntax: \(quoteGoString(text(start)))", at: start, source: source)
        }
        return Token(kind: .number, text: text(start), offset: start, length: index - start)
    }

    /// The end of a duration literal starting at `start`, if one is there.
    private func durationEnd(from start: Int) -> Int? {
        var position = start
        var sawUnit = false
        while position < bytes.count, isDigit(bytes[position]) {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            guard position < bytes.count else { return sawUnit ? position : nil }
            let unitLength: Int
            switch bytes[position] {
            case UInt8(ascii: "m"):
                unitLength = position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "s") ? 2 : 1
            case UInt8(ascii: "s"), UInt8(ascii: "h"), UInt8(ascii: "d"), UInt8(ascii: "w"), UInt8(ascii: "y"):
                unitLength = 1
            default:
                return sawUnit ? position : nil
            }
            position += unitLength
            sawUnit = true
        }
        if position < bytes.count, isAlnum(bytes[position]) || bytes[position] == UInt8(ascii: ".") { return nil }
        return sawUnit ? position : nil
    }

    private mutating func lexString(quote: UInt8, source: String) throws(ParseError) -> Token {
        let start = index
        index += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw error("unterminated quoted string", at: start, source: source) }
            index += 1
            if c == quote { break }
            if quote == UInt8(ascii: "`") { out.append(c); continue }
            if c == 0x0a { throw error("unterminated quoted string", at: start, source: source) }
            if c != UInt8(ascii: "\\") { out.append(c); continue }
            guard let e = peek() else { throw error("unterminated quoted string", at: start, source: source) }
            index += 1
            switch e {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0b)
            case UInt8(ascii: "\\"): out.append(e)
            case quote: out.append(e)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
                var value: UInt32 = 0
                for _ in 0..<count {
                    guard let h = peek(), let digit = hexValue(h) else {
                        throw error("invalid escape sequence in string", at: start, source: source)
                    }
                    value = value * 16 + digit
                    index += 1
                }
                if e == UInt8(ascii: "x") {
                    out.append(UInt8(value))
                } else {
                    guard let scalar = Unicode.Scalar(value) else { throw error("invalid escape sequence in string", at: start, source: source) }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value: UInt32 = UInt32(e - 48)
                for _ in 0..<2 {
                    guard let o = peek(), o >= 48, o <= 55 else { throw error("invalid escape sequence in string", at: start, source: source) }
                    value = value * 8 + UInt32(o - 48)
                    index += 1
                }
                guard value <= 255 else { throw error("invalid escape sequence in string", at: start, source: source) }
                out.append(UInt8(value))
            default:
                throw error("unknown escape sequence \(quoteGoRune(String(UnicodeScalar(e))))", at: start, source: source)
            }
        }
        return Token(kind: .string, text: String(decoding: out, as: UTF8.self), offset: start, length: index - start)
    }

    private func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 48...57: return UInt32(c - 48)
        case 97...102: return UInt32(c - 87)
        case 65...70: return UInt32(c - 55)
        default: return nil
        }
    }
}

/// Go's `%q` for a single rune: `'x'`.
func quoteGoRune(_ text: String) -> String {
    let inner = quoteGoString(text).dropFirst().dropLast()
    return "'" + inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "'", with: "\\'") + "'"
}
