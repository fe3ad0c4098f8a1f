import VigilCore

/// Options that change what the parser accepts.
public struct ParserOptions: Sendable, Hashable {
    public var compatibility: PromQLCompatibility
    /// The deepest nesting of sub-expressions accepted; protects the stack from hostile queries.
    public var maxDepth: Int

    public init(compatibility: PromQLCompatibility = .prometheus3, maxDepth: Int = 256) {
        self.compatibility = compatibility
        self.maxDepth = maxDepth
    }
}

/// A recursive-descent PromQL parser with Prometheus's precedence, types and messages.
public struct Parser {
    var tokens: [Token]
    var position = 0
    let source: String
    let options: ParserOptions
    var depth = 0
    /// `info()`'s second argument may hold only matchers that accept the empty string.
    var allowEmptySelector = false

    /// Parses `query` into an expression tree.
    public static func parse(_ query: String, options: ParserOptions = ParserOptions()) throws(ParseError) -> Expr {
        var parser = Parser(tokens: try Lexer.tokenize(query), source: query, options: options)
        if parser.current.kind == .eof { throw parser.error("no expression found in input", at: parser.current) }
        let expr = try parser.parseExpr(minPrecedence: 0)
        if parser.current.kind != .eof { throw parser.unexpected() }
        return expr
    }

    init(tokens: [Token], source: String, options: ParserOptions) {
        self.tokens = tokens
        self.source = source
        self.options = options
    }

    var current: Token { tokens[position] }
    var peekNext: Token { tokens[min(position + 1, tokens.count - 1)] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func error(_ message: String, at token: Token) -> ParseError {
        ParseError(message: message, offset: token.offset, source: source)
    }

    func unexpected(_ context: String = "", expected: String = "") -> ParseError {
        var message = "unexpected \(current.display)"
        if !context.isEmpty { message += " in \(context)" }
        if !expected.isEmpty { message += ", expected \(expected)" }
        return error(message, at: current)
    }

    mutating func expect(_ kind: TokenKind, context: String, expected: String) throws(ParseError) {
        guard current.kind == kind else { throw unexpected(context, expected: expected) }
        advance()
    }

    func isIdentifier(_ word: String) -> Bool {
        current.kind == .identifier && current.text.lowercased() == word
    }

    mutating func enter() throws(ParseError) {
        depth += 1
        if depth > options.maxDepth {
            throw error("expression nesting is deeper than the limit of \(options.maxDepth)", at: current)
        }
    }

    // MARK: Binary expressions

    mutating func parseExpr(minPrecedence: Int) throws(ParseError) -> Expr {
        try enter()
        defer { depth -= 1 }
        var lhs = try parseUnary()
        // A left-associative chain nests the tree one level per operator: count it against the limit.
        var chain = 0
        defer { depth -= chain }
        while let op = binaryOperator(current), op.precedence >= minPrecedence {
            let opToken = current
            chain += 1
            try enter()
            advance()
            var returnBool = false
            if isIdentifier("bool") {
                returnBool = true
                advance()
            }
            let matching = try parseMatching()
            let next = op == .pow ? op.precedence : op.precedence + 1
            let rhs = try parseExpr(minPrecedence: next)
            lhs = try makeBinary(op, lhs, rhs, returnBool: returnBool, matching: matching, at: opToken)
        }
        return lhs
    }

    func binaryOperator(_ token: Token) -> BinaryOperator? {
        switch token.kind {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .identifier:
            switch token.text.lowercased() {
            case "and": return .and
            case "or": return .or
            case "unless": return .unless
            case "atan2": return .atan2
            default: return nil
            }
        default: return nil
        }
    }

    mutating func parseMatching() throws(ParseError) -> VectorMatching? {
        var matching: VectorMatching?
        if isIdentifier("on") || isIdentifier("ignoring") {
            var m = VectorMatching()
            m.on = isIdentifier("on")
            advance()
            m.labels = try parseLabelList()
            matching = m
        }
        if isIdentifier("group_left") || isIdentifier("group_right") {
            var m = matching ?? VectorMatching()
            m.cardinality = isIdentifier("group_left") ? .manyToOne : .oneToMany
            advance()
            if current.kind == .leftParen { m.include = try parseLabelList() }
            matching = m
        }
        while options.compatibility == .prometheus3, peekNext.kind == .leftParen,
              isIdentifier("fill") || isIdentifier("fill_left") || isIdentifier("fill_right") {
            let which = current.text.lowercased()
            advance()
            advance()
            var sign = 1.0
            if current.kind == .sub { sign = -1; advance() } else if current.kind == .add { advance() }
            guard current.kind == .number, let value = parseNumber(current.text) else {
                throw unexpected("fill modifier", expected: "number")
            }
            advance()
            try expect(.rightParen, context: "fill modifier", expected: "\")\"")
            var m = matching ?? VectorMatching()
            if which != "fill_right" { m.fillLeft = sign * value }
            if which != "fill_left" { m.fillRight = sign * value }
            matching = m
        }
        return matching
    }

    /// `(a, b, "c")`.
    mutating func parseLabelList() throws(ParseError) -> [String] {
        try expect(.leftParen, context: "grouping opts", expected: "\"(\"")
        var labels: [String] = []
        while current.kind != .rightParen {
            guard current.kind == .identifier || (current.kind == .string && options.compatibility == .prometheus3) else {
                throw unexpected("grouping opts", expected: "label")
            }
            if current.kind == .identifier, !isValidLegacyLabelName(current.text) {
                throw unexpected("grouping opts", expected: "label")
            }
            labels.append(current.text)
            advance()
            if current.kind == .comma { advance(); continue }
            guard current.kind == .rightParen else { throw unexpected("grouping opts", expected: "\",\" or \")\"") }
        }
        advance()
        return labels
    }

    func makeBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, returnBool: Bool,
                    matching: VectorMatching?, at token: Token) throws(ParseError) -> Expr {
        let lt = lhs.type, rt = rhs.type
        for t in [lt, rt] where t != .scalar && t != .vector {
            throw error("binary expression must contain only scalar and instant vector types", at: token)
        }
        if returnBool, !op.isComparison {
            throw error("bool modifier can only be used on comparison operators", at: token)
        }
        if op.isComparison, !returnBool, lt == .scalar, rt == .scalar {
            throw error("comparisons between scalars must use BOOL modifier", at: token)
        }
        if op.isSetOperator, lt == .scalar || rt == .scalar {
            throw error("set operator \(quoteGoString(op.rawValue)) not allowed in binary scalar expression", at: token)
        }
        var matching = matching
        if lt == .vector, rt == .vector {
            var m = matching ?? VectorMatching()
            if op.isSetOperator {
                if m.cardinality == .manyToOne || m.cardinality == .oneToMany {
                    throw error("no grouping allowed for \(quoteGoString(op.rawValue)) operation", at: token)
                }
                m.cardinality = .manyToMany
            }
            for label in m.include where m.on && m.labels.contains(label) {
                throw error("label \(quoteGoString(label)) must not occur in ON and GROUP clause at once", at: token)
            }
            matching = m
        } else if matching != nil {
            throw error("vector matching only allowed between instant vectors", at: token)
        }
        return .binary(BinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: returnBool, matching: matching))
    }

    // MARK: Unary and postfix

    mutating func parseUnary() throws(ParseError) -> Expr {
        guard current.kind == .add || current.kind == .sub else { return try parsePostfix() }
        let token = current
        advance()
        let operand = try parseExpr(minPrecedence: BinaryOperator.pow.precedence)
        guard operand.type == .scalar || operand.type == .vector else {
            throw error("unary expression only allowed on expressions of type scalar or instant vector, got \(quoteGoString(operand.type.rawValue))", at: token)
        }
        if token.kind == .add { return operand }
        if case .number(let value) = operand { return .number(-value) }
        return .negate(operand)
    }

    mutating func parsePostfix() throws(ParseError) -> Expr {
        let startToken = current
        var expr = try parsePrimary()
        while true {
            switch current.kind {
            case .leftBracket:
                expr = try parseRangeOrSubquery(expr)
            case .at:
                expr = try parseAt(expr, start: startToken)
            case .identifier where isIdentifier("offset"):
                expr = try parseOffset(expr, start: startToken)
            case .identifier where options.compatibility == .prometheus3 && (isIdentifier("anchored") || isIdentifier("smoothed")):
                let anchored = isIdentifier("anchored")
                switch expr {
                case .vectorSelector(var s):
                    if anchored { s.anchored = true } else { s.smoothed = true }
                    expr = .vectorSelector(s)
                case .matrixSelector(var s, let range):
                    if anchored { s.anchored = true } else { s.smoothed = true }
                    expr = .matrixSelector(s, range: range)
                default:
                    throw error("\(current.text) modifier must be preceded by an instant vector selector or range vector selector", at: current)
                }
                advance()
            default:
                return expr
            }
        }
    }

}

/// Whether `name` is a label name without quotes (`[a-zA-Z_][a-zA-Z0-9_]*`).
func isValidLegacyLabelName(_ name: String) -> Bool {
    guard let first = name.utf8.first, !(first >= 48 && first <= 57) else { return false }
    return name.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 95 }
}
