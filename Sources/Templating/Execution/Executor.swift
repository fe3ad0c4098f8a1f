import VigilCore

/// A failure inside the executor, raised at a node; becomes a ``TemplateError``.
struct ExecutionFailure: Error {
    var message: String
    var position: NodePosition
    var context: String
}

/// Runs one execution of a template set, walking nodes as Go's `text/template/exec.go` does.
/// Not shared: one executor per `execute` call.
final class Executor {
    let set: TemplateSet
    var output = ""
    var variables: [(name: String, value: TemplateValue)] = []
    var depth = 0
    var templateName = ""
    var entry: TemplateSet.Entry?

    /// Outcome of walking a list: normal, or a `break`/`continue` unwinding to the nearest range.
    enum Flow { case normal, breakLoop, continueLoop }

    init(set: TemplateSet) {
        self.set = set
    }

    func run(_ entry: TemplateSet.Entry, name: String, data: TemplateValue) throws(TemplateError) -> String {
        do {
            try call(entry, name: name, data: data)
            return output
        } catch let failure as ExecutionFailure {
            throw error(for: failure)
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError(
                kind: .execution, templateName: name, position: .init(line: 1, column: 1),
                message: "\(error)", description: "template: \(name): \(error)")
        }
    }

    /// Go's `template: FILE:LINE:COL: executing "NAME" at <node>: message`.
    private func error(for failure: ExecutionFailure) -> TemplateError {
        let source = entry?.source ?? ""
        let parseName = entry?.parseName ?? templateName
        let bytes = Array(source.utf8)
        let offset = min(failure.position.offset, bytes.count)
        let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        // Go 1.19 (Alertmanager 0.25, Prometheus 2.42) prints the whole node; later Go cuts it at 20.
        let context = failure.context
        let location = "\(parseName):\(failure.position.line):\(offset - lineStart)"
        let position = SourcePosition(utf8Offset: offset, in: source, origin: SourcePosition(line: 1, column: 1))
        return TemplateError(
            kind: .execution, templateName: templateName, position: position, message: failure.message,
            description: "template: \(location): executing \(goQuote(templateName)) at <\(context)>: \(failure.message)")
    }

    /// Runs a template body with fresh variables, restoring the caller's state afterwards.
    func call(_ callee: TemplateSet.Entry, name: String, data: TemplateValue) throws {
        let saved = (variables, templateName, entry)
        variables = [("$", data)]
        templateName = name
        entry = callee
        depth += 1
        defer {
            (variables, templateName, entry) = saved
            depth -= 1
        }
        do {
            _ = try walk(callee.body, dot: data)
        } catch let failure as ExecutionFailure {
            // Located here, while this template's source and name are still current.
            throw error(for: failure)
        }
    }

    func walk(_ list: ListNode, dot: TemplateValue) throws -> Flow {
        for node in list.nodes {
            let flow = try walk(node, dot: dot)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private func walk(_ node: Node, dot: TemplateValue) throws -> Flow {
        switch node {
        case .text(let text, _):
            output += text
        case .action(let pipe, let position):
            let mark = variables.count
            let value = try evaluate(pipe, dot: dot)
            if pipe.declarations.isEmpty {
                try printValue(value, at: position, node: node)
                variables.removeSubrange(mark...)
            }
        case .ifNode(let branch), .withNode(let branch):
            let mark = variables.count
            defer { variables.removeSubrange(mark...) }
            let value = try evaluate(branch.pipe, dot: dot)
            if value.isTruthy {
                if case .withNode = node { return try walk(branch.list, dot: value) }
                return try walk(branch.list, dot: dot)
            }
            if let elseList = branch.elseList { return try walk(elseList, dot: dot) }
        case .rangeNode(let branch):
            return try walkRange(branch, dot: dot)
        case .template(let callNode):
            guard let callee = set.entries[callNode.name] else {
                throw ExecutionFailure(
                    message: "template \(goQuote(callNode.name)) not defined", position: callNode.position,
                    context: node.goDescription)
            }
            let data = try callNode.pipe.map { pipe throws -> TemplateValue in try evaluate(pipe, dot: dot) } ?? .null
            if depth >= set.maximumDepth {
                throw ExecutionFailure(
                    message: "exceeded maximum template depth (\(set.maximumDepth))", position: callNode.position,
                    context: node.goDescription)
            }
            try call(callee, name: callNode.name, data: data)
        case .breakNode:
            return .breakLoop
        case .continueNode:
            return .continueLoop
        case .end, .elseNode:
            preconditionFailure("BUG: parser left a marker node in a tree")
        }
        return .normal
    }

    private func printValue(_ value: TemplateValue, at position: NodePosition, node: Node) throws {
        switch value {
        case .null:
            output += "<no value>"
        case .function(let function):
            throw ExecutionFailure(
                message: "can't print \(node.goDescription) of type \(function.typeName)", position: position,
                context: node.goDescription)
        default:
            output += GoPrint.value(value)
        }
    }

    private func walkRange(_ branch: BranchNode, dot: TemplateValue) throws -> Flow {
        let mark = variables.count
        defer { variables.removeSubrange(mark...) }
        let collection = try evaluate(branch.pipe, dot: dot)
        let pipe = branch.pipe
        let pairs: [(TemplateValue, TemplateValue)]
        switch collection {
        case .list(let list):
            pairs = list.elements.enumerated().map { (.int($0.offset), $0.element) }
        case .map(let map):
            pairs = map.sortedKeys.map { (.string($0), map.entries[$0] ?? .null) }
        case .null:
            pairs = []
        default:
            let culprit = pipe.commands[pipe.commands.count - 1].arguments[0]
            throw ExecutionFailure(
                message: "range can't iterate over \(GoPrint.value(collection))", position: culprit.position,
                context: culprit.goDescription)
        }
        for (index, element) in pairs {
            if let first = pipe.declarations.first {
                if pipe.declarations.count == 1 {
                    setVariable(first.name, to: element, assign: pipe.isAssign, fromTop: 1)
                } else {
                    setVariable(first.name, to: index, assign: pipe.isAssign, fromTop: 2)
                    setVariable(pipe.declarations[1].name, to: element, assign: pipe.isAssign, fromTop: 1)
                }
            }
            let iterationMark = variables.count
            let flow = try walk(branch.list, dot: element)
            variables.removeSubrange(iterationMark...)
            if flow == .breakLoop { break }
        }
        if pairs.isEmpty, let elseList = branch.elseList { return try walk(elseList, dot: dot) }
        return .normal
    }

    /// Declared range variables are the top of the stack; assigned ones are found by name.
    private func setVariable(_ name: String, to value: TemplateValue, assign: Bool, fromTop: Int) {
        if assign {
            assignVariable(name, value)
        } else {
            variables[variables.count - fromTop].value = value
        }
    }

    /// Assigns to the innermost variable called `name`; false when there is none.
    @discardableResult
    func assignVariable(_ name: String, _ value: TemplateValue) -> Bool {
        guard let index = variables.lastIndex(where: { $0.name == name }) else { return false }
        variables[index].value = value
        return true
    }
}
