extension Parser {
    /// The inside of `{{ … }}`, the left delimiter already consumed.
    mutating func action() throws(ParseFailure) -> Node {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return try blockControl(token)
        case .breakKeyword: return try loopControl(token, keyword: "break")
        case .continueKeyword: return try loopControl(token, keyword: "continue")
        case .elseKeyword: return try elseControl()
        case .end:
            let close = try expect(.rightDelim, context: "end")
            return .end(position(of: close))
        case .ifKeyword: return .ifNode(try branch(context: "if", at: token))
        case .range: return .rangeNode(try branch(context: "range", at: token))
        case .template: return try templateControl()
        case .with: return .withNode(try branch(context: "with", at: token))
        default:
            backup()
            let start = peek
            let pipe = try pipeline(context: "command", end: .rightDelim)
            return .action(pipe, position(of: start))
        }
    }

    mutating func loopControl(_ token: Token, keyword: String) throws(ParseFailure) -> Node {
        let close = nextNonSpace()
        guard close.kind == .rightDelim else { throw unexpected(close, in: "{{\(keyword)}}") }
        guard rangeDepth > 0 else { throw fail("{{\(keyword)}} outside {{range}}", at: token) }
        return keyword == "break" ? .breakNode(position(of: token)) : .continueNode(position(of: token))
    }

    /// `{{else}}`, or the `else` of `{{else if …}}` / `{{else with …}}`, which then parse as a
    /// nested `if`/`with` in the else branch sharing the outer `{{end}}`.
    mutating func elseControl() throws(ParseFailure) -> Node {
        let peeked = peekNonSpace()
        if peeked.kind == .ifKeyword || peeked.kind == .with {
            return .elseNode(position(of: peeked), line: peeked.line)
        }
        let close = try expect(.rightDelim, context: "else")
        return .elseNode(position(of: close), line: close.line)
    }

    mutating func branch(context: String, at keyword: Token) throws(ParseFailure) -> BranchNode {
        let savedVariables = variables
        defer { variables = savedVariables }
        let pipe = try pipeline(context: context, end: .rightDelim)
        if context == "range" { rangeDepth += 1 }
        let (list, next) = try itemList()
        if context == "range" { rangeDepth -= 1 }
        var elseList: ListNode?
        switch next {
        case .end: break
        case .elseNode(let position, _):
            let following = peekNonSpace()
            if context == "if", following.kind == .ifKeyword {
                let ifToken = nextNonSpace()
                let nested = try branch(context: "if", at: ifToken)
                elseList = ListNode(position: position, nodes: [.ifNode(nested)])
            } else if context == "with", following.kind == .with {
                let withToken = nextNonSpace()
                let nested = try branch(context: "with", at: withToken)
                elseList = ListNode(position: position, nodes: [.withNode(nested)])
            } else {
                let (alternative, end) = try itemList()
                guard case .end = end else { throw fail("expected end; found \(end.goDescription)", at: end) }
                elseList = alternative
            }
        default:
            throw fail("unexpected \(next.goDescription)", at: next)
        }
        return BranchNode(position: pipe.position, pipe: pipe, list: list, elseList: elseList)
    }

    /// `{{template "name" pipeline}}`.
    mutating func templateControl() throws(ParseFailure) -> Node {
        let context = "template clause"
        let nameToken = nextNonSpace()
        let called = try templateName(nameToken, context: context)
        var pipe: PipeNode?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context: context, end: .rightDelim)
        }
        return .template(TemplateCallNode(position: position(of: nameToken), name: called, pipe: pipe))
    }

    /// `{{block "name" pipeline}} body {{end}}`: defines `name` and calls it in place.
    mutating func blockControl(_ token: Token) throws(ParseFailure) -> Node {
        let context = "block clause"
        let nameToken = nextNonSpace()
        let called = try templateName(nameToken, context: context)
        let pipe = try pipeline(context: context, end: .rightDelim)
        let savedVariables = variables
        variables = ["$"]
        let (body, end) = try itemList()
        variables = savedVariables
        guard case .end = end else { throw fail("unexpected \(end.goDescription) in \(context)", at: end) }
        try addDefinition(called, body)
        return .template(TemplateCallNode(position: position(of: nameToken), name: called, pipe: pipe))
    }
}
