extension Executor {
    /// Runs a pipeline, then declares or assigns its variables.
    func evaluate(_ pipe: PipeNode, dot: TemplateValue) throws -> TemplateValue {
        var value: TemplateValue?
        for command in pipe.commands {
            value = try evaluate(command, dot: dot, final: value)
        }
        let result = value ?? .null
        for declaration in pipe.declarations {
            if pipe.isAssign {
                // Go checks this only when running, reporting it at the last command.
                if !assignVariable(declaration.name, result), let last = pipe.commands.last?.arguments.first {
                    throw failure("undefined variable: \(declaration.name)", at: last)
                }
            } else {
                variables.append((declaration.name, result))
            }
        }
        return result
    }

    /// One command; `final` is the value piped in from the previous command, if any.
    func evaluate(_ command: CommandNode, dot: TemplateValue, final: TemplateValue?) throws -> TemplateValue {
        let first = command.arguments[0]
        switch first {
        case .field(let position, let names):
            return try evaluateFieldChain(
                dot: dot, receiver: dot, names: names, node: first, at: position, arguments: command.arguments,
                final: final)
        case .chain:
            return try evaluateChain(first, dot: dot, arguments: command.arguments, final: final)
        case .identifier(let position, let name):
            return try evaluateFunction(name, at: position, command: command, dot: dot, final: final)
        case .pipe(let pipe):
            try rejectArguments(command, final: final)
            return try evaluate(pipe, dot: dot)
        case .variable(let variable):
            return try evaluateVariable(variable, dot: dot, arguments: command.arguments, final: final)
        default:
            break
        }
        try rejectArguments(command, final: final)
        switch first {
        case .bool(_, let flag): return .bool(flag)
        case .dot: return dot
        case .number(let number): return number.value
        case .string(_, _, let value): return .string(value)
        default:
            throw failure("nil is not a command", at: first)
        }
    }

    func failure(_ message: String, at operand: Operand) -> ExecutionFailure {
        ExecutionFailure(message: message, position: operand.position, context: operand.goDescription)
    }

    /// Go's `notAFunction`: a non-function operand cannot take arguments.
    private func rejectArguments(_ command: CommandNode, final: TemplateValue?) throws {
        if command.arguments.count > 1 || final != nil {
            let first = command.arguments[0]
            throw failure("can't give argument to non-function \(first.goDescription)", at: first)
        }
    }

    func variableValue(_ name: String, at operand: Operand) throws -> TemplateValue {
        guard let entry = variables.last(where: { $0.name == name }) else {
            throw failure("undefined variable: \(name)", at: operand)
        }
        return entry.value
    }

    private func evaluateVariable(
        _ variable: VariableNode, dot: TemplateValue, arguments: [Operand], final: TemplateValue?
    ) throws -> TemplateValue {
        let operand = Operand.variable(variable)
        let value = try variableValue(variable.name, at: operand)
        if variable.fields.isEmpty {
            if arguments.count > 1 || final != nil {
                throw failure("can't give argument to non-function \(operand.goDescription)", at: operand)
            }
            return value
        }
        return try evaluateFieldChain(
            dot: dot, receiver: value, names: variable.fields, node: operand, at: variable.position,
            arguments: arguments, final: final)
    }

    private func evaluateChain(
        _ chain: Operand, dot: TemplateValue, arguments: [Operand], final: TemplateValue?
    ) throws -> TemplateValue {
        guard case .chain(let position, let base, let names) = chain else { return .null }
        if case .nilValue = base { throw failure("indirection through explicit nil in \(chain.goDescription)", at: chain) }
        let receiver = try evaluateArgument(base, dot: dot)
        return try evaluateFieldChain(
            dot: dot, receiver: receiver, names: names, node: chain, at: position, arguments: arguments, final: final)
    }

    func evaluateFieldChain(
        dot: TemplateValue, receiver: TemplateValue, names: [String], node: Operand, at position: NodePosition,
        arguments: [Operand], final: TemplateValue?
    ) throws -> TemplateValue {
        var current = receiver
        for name in names.dropLast() {
            current = try evaluateField(name, of: current, dot: dot, node: node, arguments: [], final: nil)
        }
        return try evaluateField(names[names.count - 1], of: current, dot: dot, node: node, arguments: arguments, final: final)
    }

    /// `.name` on `receiver`: a method first, then a struct field or a map key, as Go looks them up.
    private func evaluateField(
        _ name: String, of receiver: TemplateValue, dot: TemplateValue, node: Operand, arguments: [Operand],
        final: TemplateValue?
    ) throws -> TemplateValue {
        if case .null = receiver { return .null }
        let hasArguments = arguments.count > 1 || final != nil
        if let method = receiver.typeInfo?.methods[name] {
            var values: [TemplateValue] = []
            for argument in arguments.dropFirst() { values.append(try evaluateArgument(argument, dot: dot)) }
            if let final { values.append(final) }
            guard values.count == method.arity else {
                throw failure("wrong number of args for \(name): want \(method.arity) got \(values.count)", at: node)
            }
            do {
                return try method(receiver, values)
            } catch let error as TemplateFunctionError {
                if error.kind == .argument {
                    throw argumentFailure(error, operands: Array(arguments.dropFirst()), fallback: node)
                }
                throw failure("error calling \(name): \(error.message)", at: node)
            }
        }
        switch receiver {
        case .object(let object):
            guard let value = object.fields[name] else {
                throw failure("can't evaluate field \(name) in type \(object.type.name)", at: node)
            }
            if hasArguments { throw failure("\(name) has arguments but cannot be invoked as function", at: node) }
            return value
        case .map(let map):
            if hasArguments { throw failure("\(name) is not a method but has arguments", at: node) }
            return map.entries[name] ?? map.missingValue
        default:
            throw failure("can't evaluate field \(name) in type \(receiver.goTypeName)", at: node)
        }
    }

    /// An argument's value; functions named bare are called with no arguments.
    func evaluateArgument(_ operand: Operand, dot: TemplateValue) throws -> TemplateValue {
        switch operand {
        case .dot: return dot
        case .nilValue: return .null
        case .field(let position, let names):
            return try evaluateFieldChain(
                dot: dot, receiver: dot, names: names, node: operand, at: position, arguments: [operand], final: nil)
        case .variable(let variable):
            return try evaluateVariable(variable, dot: dot, arguments: [operand], final: nil)
        case .pipe(let pipe):
            return try evaluate(pipe, dot: dot)
        case .identifier(let position, let name):
            let command = CommandNode(position: position, arguments: [operand])
            return try evaluateFunction(name, at: position, command: command, dot: dot, final: nil)
        case .chain:
            return try evaluateChain(operand, dot: dot, arguments: [operand], final: nil)
        case .bool(_, let flag): return .bool(flag)
        case .number(let number): return number.value
        case .string(_, _, let value): return .string(value)
        }
    }
}
