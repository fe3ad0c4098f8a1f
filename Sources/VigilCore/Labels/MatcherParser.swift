/// Parses matchers in Alertmanager's text form, as config `matchers:` entries, `amtool` and
/// `filter=` query parameters write them: `name="value"`, `name=~"re"`, `name!=value`, or a
/// braced, comma-separated list `{a="1", b=~"x|y"}`. Values may be quoted (Go escapes) or bare.
public enum MatcherParser {
    /// Parses one matcher or a braced list. Errors give the 1-based column in `text`.
    public static func parse(_ text: String) throws(MatcherParseError) -> [LabelMatcher] {
        var scanner = Scanner(Array(text.unicodeScalars))
        scanner.skipSpaces()
        let braced = scanner.consume("{")
        var matchers: [LabelMatcher] = []
        while true {
            scanner.skipSpaces()
            if braced, scanner.peek == "}" { break }
            if scanner.atEnd { break }
            matchers.append(try parseOne(&scanner))
            scanner.skipSpaces()
            if scanner.consume(",") { continue }
            break
        }
        scanner.skipSpaces()
        if braced, !scanner.consume("}") {
            throw scanner.error("missing closing \"}\"")
        }
        scanner.skipSpaces()
        if !scanner.atEnd {
            throw scanner.error("unexpected \(quoteGoString(String(scanner.peekScalar)))")
        }
        if matchers.isEmpty, !braced {
            throw MatcherParseError(column: 1, message: "no matchers in \(quoteGoString(text))")
        }
        return matchers
    }

    /// Parses exactly one matcher.
    public static func parseSingle(_ text: String) throws(MatcherParseError) -> LabelMatcher {
        let matchers = try parse(text)
        guard matchers.count == 1 else {
            throw MatcherParseError(column: 1, message: "expected one matcher in \(quoteGoString(text)), found \(matchers.count)")
        }
        return matchers[0]
    }

    private static func parseOne(_ scanner: inout Scanner) throws(MatcherParseError) -> LabelMatcher {
        let nameStart = scanner.index
        let name: String
        if scanner.peek == "\"" {
            name = try scanner.quoted()
        } else {
            name = scanner.take { $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) }
        }
        guard !name.isEmpty else { throw scanner.error("expected a label name", at: nameStart) }
        scanner.skipSpaces()
        let opStart = scanner.index
        let type: MatchType
        if scanner.consume("=~") { type = .regexMatch }
        else if scanner.consume("!~") { type = .regexNoMatch }
        else if scanner.consume("!=") { type = .notEqual }
        else if scanner.consume("=") { type = .equal }
        else { throw scanner.error("expected one of \"=\", \"!=\", \"=~\", \"!~\" after \(quoteGoString(name))", at: opStart) }
        scanner.skipSpaces()
        let valueStart = scanner.index
        let value: String
        if scanner.peek == "\"" || scanner.peek == "'" {
            value = try scanner.quoted()
        } else {
            value = scanner.take { $0 != "," && $0 != "}" }.trimmingTrailingSpaces()
        }
        do {
            return try LabelMatcher(type, name, value)
        } catch {
            throw scanner.error("\(error)", at: valueStart)
        }
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }
        var peekScalar: Unicode.Scalar { scalars[index] }

        mutating func skipSpaces() {
            while let c = peek, c == " " || c == "\t" || c == "\n" { index += 1 }
        }

        mutating func consume(_ literal: String) -> Bool {
            let wanted = Array(literal.unicodeScalars)
            guard index + wanted.count <= scalars.count, Array(scalars[index..<index + wanted.count]) == wanted else { return false }
            index += wanted.count
            return true
        }

        mutating func take(while predicate: (Unicode.Scalar) -> Bool) -> String {
            var out = String.UnicodeScalarView()
            while let c = peek, predicate(c) { out.append(c); index += 1 }
            return String(out)
        }

        mutating func quoted() throws(MatcherParseError) -> String {
            let start = index
            let quote = scalars[index]
            index += 1
            var out = String.UnicodeScalarView()
            while let c = peek {
                index += 1
                if c == quote { return String(out) }
                if c == "\\" {
                    guard let next = peek else { break }
                    index += 1
                    switch next {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "\\", "\"", "'": out.append(next)
                    default:
                        out.append("\\")
                        out.append(next)
                    }
                } else {
                    out.append(c)
                }
            }
            throw error("unterminated quoted string", at: start)
        }

        func error(_ message: String, at position: Int? = nil) -> MatcherParseError {
            MatcherParseError(column: (position ?? index) + 1, message: message)
        }
    }
}

/// A matcher that does not parse; `column` is 1-based within the matcher text.
public struct MatcherParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public let column: Int
    public let message: String
    public var description: String { "\(column): bad matcher: \(message)" }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " || copy.last == "\t" { copy.removeLast() }
        return copy
    }
}
