extension Executor {
    /// Calls the function `name` with the command's other operands and the piped value, as Go's
    /// `evalCall`: arity first (at the name), arguments left to right, errors at the command.
    func evaluateFunction(
        _ name: String, at position: NodePosition, command: CommandNode, dot: TemplateValue, final: TemplateValue?
    ) throws -> TemplateValue {
        let identifier = Operand.identifier(position, name)
        guard let function = set.functions[name] else {
            throw failure("\(goQuote(name)) is not a defined function", at: identifier)
        }
        let operands = Array(command.arguments.dropFirst())
        let count = operands.count + (final == nil ? 0 : 1)
        if let maximum = function.maximumArguments, maximum == function.minimumArguments, count != maximum {
            throw failure("wrong number of args for \(name): want \(maximum) got \(count)", at: identifier)
        }
        if count < function.minimumArguments {
            throw failure(
                "wrong number of args for \(name): want at least \(function.minimumArguments) got \(count)",
                at: identifier)
        }
        if let maximum = function.maximumArguments, count > maximum {
            throw failure("wrong number of args for \(name): want at most \(maximum) got \(count)", at: identifier)
        }
        if let shortCircuit = function.shortCircuit {
            return try evaluateLogic(shortCircuit, operands: operands, dot: dot, final: final)
        }
        var values: [TemplateValue] = []
        for operand in operands { values.append(try evaluateArgument(operand, dot: dot)) }
        if let final { values.append(final) }
        let context = TemplateCallContext { [self] name, data in try self.renderNested(name, data: data) }
        do {
            return try function.body(values, context)
        } catch let error as TemplateFunctionError {
            let commandOperand = Operand.pipe(PipeNode(position: command.position, commands: [command]))
            if error.kind == .argument { throw argumentFailure(error, operands: operands, fallback: identifier) }
            throw failure("error calling \(name): \(error.message)", at: commandOperand)
        } catch let error as TemplateError {
            let commandOperand = Operand.pipe(PipeNode(position: command.position, commands: [command]))
            throw failure("error calling \(name): \(error.description)", at: commandOperand)
        }
    }

    /// A wrong-typed argument, worded as Go words it: literals are judged by their text
    /// (`expected string; found 1`), evaluated values by their type.
    func argumentFailure(_ error: TemplateFunctionError, operands: [Operand], fallback: Operand) -> ExecutionFailure {
        guard let index = error.argumentIndex, index < operands.count else { return failure(error.message, at: fallback) }
        let operand = operands[index]
        let expected = error.expectedType ?? "value"
        let found = operand.goDescription
        switch operand {
        case .nilValue:
            return failure("cannot assign nil to \(expected)", at: operand)
        case .string, .number, .bool:
            let simple = ["string": "string", "bool": "bool", "int": "integer", "float64": "float"]
            if let word = simple[expected] { return failure("expected \(word); found \(found)", at: operand) }
            return failure("can't handle \(found) for arg of type \(expected)", at: operand)
        default:
            return failure(error.message, at: operand)
        }
    }

    /// `and`/`or`: evaluate operands in order and return the first that decides the result.
    private func evaluateLogic(
        _ kind: ShortCircuit, operands: [Operand], dot: TemplateValue, final: TemplateValue?
    ) throws -> TemplateValue {
        var value = TemplateValue.null
        for operand in operands {
            value = try evaluateArgument(operand, dot: dot)
            if value.isTruthy == (kind == .or) { return value }
        }
        return final ?? value
    }

    /// Executes another template of the set into a separate buffer (Prometheus's `tmpl`).
    func renderNested(_ name: String, data: TemplateValue) throws -> String {
        guard let callee = set.entries[name] else {
            throw TemplateFunctionError("template: no template \(goQuote(name)) associated with template set")
        }
        let saved = output
        output = ""
        defer { output = saved }
        try call(callee, name: name, data: data)
        return output
    }
}
