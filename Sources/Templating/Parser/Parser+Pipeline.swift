extension Parser {
    /// A pipeline up to `end` (`}}` or `)`), with optional `$x :=`, `$x =` or `$i, $e :=` in front.
    mutating func pipeline(context: String, end: TokenKind) throws(ParseFailure) -> PipeNode {
        var pipe = PipeNode(position: position(of: peekNonSpace()))
        try parseDeclarations(into: &pipe, context: context)
        while true {
            let token = nextNonSpace()
            switch token.kind {
            case end:
                try checkPipeline(pipe, context: context, at: token)
                return pipe
            case .bool, .charConstant, .dot, .field, .identifier, .number, .nilKeyword, .rawString, .string,
                 .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                throw unexpected(token, in: context)
            }
        }
    }

    private mutating func parseDeclarations(into pipe: inout PipeNode, context: String) throws(ParseFailure) {
        while peekNonSpace().kind == .variable {
            let start = index
            let variable = nextNonSpace()
            let following = peekNonSpace()
            if following.kind == .assign || following.kind == .declare {
                pipe.isAssign = following.kind == .assign
                _ = nextNonSpace()
                pipe.declarations.append(VariableNode(position: position(of: variable), name: variable.text))
                variables.append(variable.text)
                return
            }
            if following.kind == .char, following.text == "," {
                _ = nextNonSpace()
                pipe.declarations.append(VariableNode(position: position(of: variable), name: variable.text))
                variables.append(variable.text)
                if context == "range", pipe.declarations.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen: continue
                    default: throw fail("range can only initialize variables", at: peekNonSpace())
                    }
                }
                throw fail("too many declarations in \(context)", at: following)
            }
            index = start  // a plain `$x` operand, not a declaration
            return
        }
    }

    private func checkPipeline(_ pipe: PipeNode, context: String, at token: Token) throws(ParseFailure) {
        guard !pipe.commands.isEmpty else { throw fail("missing value for \(context)", at: token) }
        for (stage, command) in pipe.commands.enumerated().dropFirst() {
            switch command.arguments.first {
            case .bool, .dot, .nilValue, .number, .string:
                throw fail("non executable command in pipeline stage \(stage + 1)", at: token)
            default: continue
            }
        }
    }

    mutating func command() throws(ParseFailure) -> CommandNode {
        var command = CommandNode(position: position(of: peekNonSpace()))
        while true {
            _ = peekNonSpace()
            if let operand = try operand() { command.arguments.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(token, in: "operand")
            }
            break
        }
        guard !command.arguments.isEmpty else { throw fail("empty command", at: peek) }
        return command
    }

    /// A term followed by any `.Field` chain.
    mutating func operand() throws(ParseFailure) -> Operand? {
        guard let term = try term() else { return nil }
        guard peek.kind == .field else { return term }
        var fields: [String] = []
        let chainStart = peek
        while peek.kind == .field { fields.append(String(next().text.dropFirst())) }
        // Go positions a chained operand at its first chained field, not at the term.
        let chainPosition = position(of: chainStart)
        switch term {
        case .field(_, let names):
            return .field(chainPosition, names + fields)
        case .variable(var node):
            node.fields += fields
            node.position = chainPosition
            return .variable(node)
        case .bool, .string, .number, .nilValue, .dot:
            throw fail("unexpected . after term \(goQuote(term.goDescription))", at: chainStart)
        default:
            return .chain(chainPosition, term, fields)
        }
    }

    mutating func term() throws(ParseFailure) -> Operand? {
        let token = nextNonSpace()
        let at = position(of: token)
        switch token.kind {
        case .identifier:
            guard functions.contains(token.text) else {
                throw fail("function \(goQuote(token.text)) not defined", at: token)
            }
            return .identifier(at, token.text)
        case .dot: return .dot(at)
        case .nilKeyword: return .nilValue(at)
        case .variable:
            guard variables.contains(token.text) else {
                throw fail("undefined variable \(goQuote(token.text))", at: token)
            }
            return .variable(VariableNode(position: at, name: token.text))
        case .field: return .field(at, [String(token.text.dropFirst())])
        case .bool: return .bool(at, token.text == "true")
        case .charConstant, .number: return .number(try number(token))
        case .leftParen: return .pipe(try pipeline(context: "parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            guard let value = unquoteGoString(token.text) else { throw fail(token.text, at: token) }
            return .string(at, quoted: token.text, value: value)
        default:
            backup()
            return nil
        }
    }

    func number(_ token: Token) throws(ParseFailure) -> NumberNode {
        let at = position(of: token)
        if token.kind == .charConstant {
            guard let scalar = unquoteGoChar(token.text) else {
                throw fail("malformed character constant: \(token.text)", at: token)
            }
            return NumberNode(position: at, text: token.text, value: .int(Int(scalar.value)))
        }
        guard let value = parseGoNumber(token.text) else {
            let text = token.text.drop(while: { $0 == "+" || $0 == "-" })
            if text.count > 1, text.first == "0", text.allSatisfy(\.isNumber) {
                throw fail("integer overflow: \(goQuote(token.text))", at: token)
            }
            throw fail("illegal number syntax: \(goQuote(token.text))", at: token)
        }
        return NumberNode(position: at, text: token.text, value: value)
    }
}
