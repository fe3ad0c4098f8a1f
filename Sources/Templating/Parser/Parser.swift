/// An internal parse failure carrying the token it happened at; becomes a ``TemplateError``.
struct ParseFailure: Error {
    var message: String
    var token: Token
}

/// Parses one template source into its top-level body and its `{{define}}`d templates, with the
/// grammar and error wording of Go's `text/template/parse/parse.go`.
struct Parser {
    let name: String
    let text: String
    let functions: Set<String>
    var tokens: [Token]
    var index = 0
    var variables: [String] = ["$"]
    var rangeDepth = 0
    var definitions: [(name: String, body: ListNode)] = []

    init(name: String, text: String, functions: Set<String>) {
        self.name = name
        self.text = text
        self.functions = functions
        tokens = Lexer.tokenize(text)
    }

    /// Parses everything; returns the top-level body and the definitions in source order.
    static func parse(name: String, text: String, functions: Set<String>) throws(TemplateError)
        -> (root: ListNode, definitions: [(name: String, body: ListNode)])
    {
        var parser = Parser(name: name, text: text, functions: functions)
        do {
            let root = try parser.parseTopLevel()
            return (root, parser.definitions)
        } catch {
            throw TemplateError.parse(
                error.message, name: name, text: text, offset: error.token.offset, line: error.token.line)
        }
    }

    // MARK: Token stream

    var peek: Token { tokens[min(index, tokens.count - 1)] }

    mutating func next() -> Token {
        let token = peek
        if index < tokens.count { index += 1 }
        return token
    }

    mutating func backup(_ count: Int = 1) { index -= count }

    mutating func nextNonSpace() -> Token {
        var token = next()
        while token.kind == .space { token = next() }
        return token
    }

    mutating func peekNonSpace() -> Token {
        let token = nextNonSpace()
        backup()
        return token
    }

    func fail(_ message: String, at token: Token) -> ParseFailure {
        ParseFailure(message: message, token: token)
    }

    func fail(_ message: String, at node: Node) -> ParseFailure {
        let position: NodePosition
        switch node {
        case .end(let at), .elseNode(let at, _): position = at
        default: position = NodePosition(offset: peek.offset, line: peek.line)
        }
        return ParseFailure(message: message, token: Token(kind: .error, text: "", offset: position.offset, line: position.line))
    }

    func unexpected(_ token: Token, in context: String) -> ParseFailure {
        if token.kind == .error { return fail(token.text, at: token) }
        return fail("unexpected \(token.goDescription) in \(context)", at: token)
    }

    mutating func expect(_ kind: TokenKind, context: String) throws(ParseFailure) -> Token {
        let token = nextNonSpace()
        guard token.kind == kind else { throw unexpected(token, in: context) }
        return token
    }

    func position(of token: Token) -> NodePosition { NodePosition(offset: token.offset, line: token.line) }

    // MARK: Structure

    mutating func parseTopLevel() throws(ParseFailure) -> ListNode {
        var root = ListNode(position: position(of: peek))
        while peek.kind != .eof {
            if peek.kind == .error { throw fail(peek.text, at: peek) }
            if peek.kind == .leftDelim {
                let saved = index
                _ = next()
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                index = saved
            }
            let node = try textOrAction()
            switch node {
            case .end, .elseNode: throw fail("unexpected \(node.goDescription)", at: node)
            default: root.nodes.append(node)
            }
        }
        return root
    }

    /// `{{define "name"}} … {{end}}`, the `{{define` already consumed.
    mutating func parseDefinition() throws(ParseFailure) {
        let context = "define clause"
        let nameToken = nextNonSpace()
        let defined = try templateName(nameToken, context: context)
        _ = try expect(.rightDelim, context: context)
        let savedVariables = variables
        variables = ["$"]
        defer { variables = savedVariables }
        let (body, end) = try itemList()
        if case .end = end {} else { throw fail("unexpected \(end.goDescription) in \(context)", at: end) }
        try addDefinition(defined, body)
    }

    /// Within one text a name may be defined once, though an empty body never counts (Go's `Tree.add`).
    mutating func addDefinition(_ defined: String, _ body: ListNode) throws(ParseFailure) {
        guard let existing = definitions.firstIndex(where: { $0.name == defined }) else {
            definitions.append((defined, body))
            return
        }
        if definitions[existing].body.isBlank {
            definitions[existing].body = body
        } else if !body.isBlank {
            throw fail("template: multiple definition of template \(goQuote(defined))", at: tokens[max(0, index - 1)])
        }
    }

    func templateName(_ token: Token, context: String) throws(ParseFailure) -> String {
        switch token.kind {
        case .string, .rawString:
            guard let value = unquoteGoString(token.text) else { throw fail(token.text, at: token) }
            return value
        default:
            throw unexpected(token, in: context)
        }
    }

    /// Nodes up to an `{{end}}` or `{{else}}`, which is returned as `next`.
    mutating func itemList() throws(ParseFailure) -> (list: ListNode, next: Node) {
        var list = ListNode(position: position(of: peekNonSpace()))
        while peekNonSpace().kind != .eof {
            let node = try textOrAction()
            switch node {
            case .end, .elseNode: return (list, node)
            default: list.nodes.append(node)
            }
        }
        throw fail(peek.kind == .error ? peek.text : "unexpected EOF", at: peek)
    }

    mutating func textOrAction() throws(ParseFailure) -> Node {
        let token = nextNonSpace()
        switch token.kind {
        case .text: return .text(token.text, position(of: token))
        case .leftDelim: return try action()
        default: throw unexpected(token, in: "input")
        }
    }
}
