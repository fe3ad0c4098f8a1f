/// Where a node starts: its UTF-8 byte offset in the parsed text and its 1-based line.
struct NodePosition: Sendable, Equatable {
    var offset: Int
    var line: Int
}

/// A sequence of nodes: a template body or the branch of an `if`, `range` or `with`.
struct ListNode: Sendable {
    var position: NodePosition
    var nodes: [Node] = []

    /// Only whitespace text: Go's `IsEmptyTree`, which never replaces an existing definition.
    var isBlank: Bool {
        nodes.allSatisfy { node in
            if case .text(let text, _) = node { return text.allSatisfy(\.isWhitespace) }
            return false
        }
    }
}

/// One element of a template body.
indirect enum Node: Sendable {
    case text(String, NodePosition)
    case action(PipeNode, NodePosition)
    case ifNode(BranchNode)
    case rangeNode(BranchNode)
    case withNode(BranchNode)
    case template(TemplateCallNode)
    case breakNode(NodePosition)
    case continueNode(NodePosition)
    // Markers returned by the parser's list scanner; never stored in a tree.
    case end(NodePosition)
    case elseNode(NodePosition, line: Int)
}

/// `if`, `range` and `with`: a pipeline, the body and an optional `else` body.
struct BranchNode: Sendable {
    var position: NodePosition
    var pipe: PipeNode
    var list: ListNode
    var elseList: ListNode?
}

/// `{{template "name" pipeline}}`; the position is the name's, as in Go.
struct TemplateCallNode: Sendable {
    var position: NodePosition
    var name: String
    var pipe: PipeNode?
}

/// A pipeline: optional variable declarations, then commands separated by `|`.
struct PipeNode: Sendable {
    var position: NodePosition
    var isAssign = false
    var declarations: [VariableNode] = []
    var commands: [CommandNode] = []
}

/// `$name.Field.Chain`.
struct VariableNode: Sendable {
    var position: NodePosition
    var name: String
    var fields: [String] = []
}

/// One command of a pipeline: an operand optionally followed by arguments.
struct CommandNode: Sendable {
    var position: NodePosition
    var arguments: [Operand] = []
}

/// A number literal, kept with its source text for error messages and `String`.
struct NumberNode: Sendable {
    var position: NodePosition
    var text: String
    var value: TemplateValue
}

/// An argument or operand in a command.
indirect enum Operand: Sendable {
    case field(NodePosition, [String])
    case variable(VariableNode)
    case identifier(NodePosition, String)
    case dot(NodePosition)
    case nilValue(NodePosition)
    case bool(NodePosition, Bool)
    case number(NumberNode)
    case string(NodePosition, quoted: String, value: String)
    case pipe(PipeNode)
    case chain(NodePosition, Operand, [String])

    var position: NodePosition {
        switch self {
        case .field(let position, _), .identifier(let position, _), .dot(let position), .nilValue(let position),
             .bool(let position, _), .string(let position, _, _), .chain(let position, _, _):
            position
        case .variable(let node): node.position
        case .number(let node): node.position
        case .pipe(let node): node.position
        }
    }
}
