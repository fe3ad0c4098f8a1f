// Renders nodes back to template text as Go's `parse.Node.String` does, for the `<…>` context of
// execution errors and for `unexpected {{end}}` parse errors.

extension Node {
    var goDescription: String {
        switch self {
        case .text(let text, _): return text
        case .action(let pipe, _): return "{{\(pipe.goDescription)}}"
        case .ifNode(let branch): return branch.goDescription(keyword: "if")
        case .rangeNode(let branch): return branch.goDescription(keyword: "range")
        case .withNode(let branch): return branch.goDescription(keyword: "with")
        case .template(let call):
            let name = goQuote(call.name)
            guard let pipe = call.pipe else { return "{{template \(name)}}" }
            return "{{template \(name) \(pipe.goDescription)}}"
        case .breakNode: return "{{break}}"
        case .continueNode: return "{{continue}}"
        case .end: return "{{end}}"
        case .elseNode: return "{{else}}"
        }
    }
}

extension ListNode {
    var goDescription: String { nodes.map(\.goDescription).joined() }
}

extension BranchNode {
    func goDescription(keyword: String) -> String {
        var text = "{{\(keyword) \(pipe.goDescription)}}\(list.goDescription)"
        if let elseList { text += "{{else}}\(elseList.goDescription)" }
        return text + "{{end}}"
    }
}

extension PipeNode {
    var goDescription: String {
        var text = ""
        if !declarations.isEmpty {
            text = declarations.map(\.goDescription).joined(separator: ", ")
            text += isAssign ? " = " : " := "
        }
        return text + commands.map(\.goDescription).joined(separator: " | ")
    }
}

extension VariableNode {
    var goDescription: String { ([name] + fields).joined(separator: ".") }
}

extension CommandNode {
    var goDescription: String {
        arguments.map { argument in
            if case .pipe(let pipe) = argument { return "(\(pipe.goDescription))" }
            return argument.goDescription
        }.joined(separator: " ")
    }
}

extension Operand {
    var goDescription: String {
        switch self {
        case .field(_, let names): return names.map { "." + $0 }.joined()
        case .variable(let node): return node.goDescription
        case .identifier(_, let name): return name
        case .dot: return "."
        case .nilValue: return "nil"
        case .bool(_, let value): return value ? "true" : "false"
        case .number(let node): return node.text
        case .string(_, let quoted, _): return quoted
        case .pipe(let pipe): return pipe.goDescription
        case .chain(_, let node, let fields):
            var base = node.goDescription
            if case .pipe = node { base = "(\(base))" }
            return base + fields.map { "." + $0 }.joined()
        }
    }
}
