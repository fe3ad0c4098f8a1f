extension FunctionTable {
    /// Go's predefined template functions: `and or not len index slice print printf println html
    /// js urlquery call eq ne lt le gt ge`.
    public static var builtins: FunctionTable {
        var table = FunctionTable()
        var and = TemplateFunction(minimumArguments: 1, maximumArguments: nil) { arguments, _ in
            arguments.first(where: { !$0.isTruthy }) ?? arguments[arguments.count - 1]
        }
        and.shortCircuit = .and
        table.register("and", and)
        var or = TemplateFunction(minimumArguments: 1, maximumArguments: nil) { arguments, _ in
            arguments.first(where: \.isTruthy) ?? arguments[arguments.count - 1]
        }
        or.shortCircuit = .or
        table.register("or", or)
        table.register("not", TemplateFunction(arity: 1) { arguments, _ in .bool(!arguments[0].isTruthy) })
        table.register("len", TemplateFunction(arity: 1) { arguments, _ in .int(try length(of: arguments[0])) })
        table.register("index", TemplateFunction(minimumArguments: 1, maximumArguments: nil) { arguments, _ in
            try index(arguments[0], by: Array(arguments.dropFirst()))
        })
        table.register("slice", TemplateFunction(minimumArguments: 1, maximumArguments: nil) { arguments, _ in
            try slice(arguments[0], by: Array(arguments.dropFirst()))
        })
        table.register("print", TemplateFunction(minimumArguments: 0, maximumArguments: nil) { arguments, _ in
            .string(GoPrint.sprint(arguments))
        })
        table.register("println", TemplateFunction(minimumArguments: 0, maximumArguments: nil) { arguments, _ in
            .string(GoPrint.sprintln(arguments))
        })
        table.register("printf", TemplateFunction(minimumArguments: 1, maximumArguments: nil) { arguments, _ in
            .string(GoPrintf.format(try arguments.string(at: 0), Array(arguments.dropFirst())))
        })
        table.register("html", TemplateFunction(minimumArguments: 0, maximumArguments: nil) { arguments, _ in
            .string(Escaping.html(escapableText(arguments)))
        })
        table.register("js", TemplateFunction(minimumArguments: 0, maximumArguments: nil) { arguments, _ in
            .string(Escaping.javaScript(escapableText(arguments)))
        })
        table.register("urlquery", TemplateFunction(minimumArguments: 0, maximumArguments: nil) { arguments, _ in
            .string(Escaping.queryComponent(escapableText(arguments)))
        })
        table.register("call", TemplateFunction(minimumArguments: 1, maximumArguments: nil) { arguments, context in
            guard case .function(let function) = arguments[0] else {
                if case .null = arguments[0] { throw TemplateFunctionError("call of nil") }
                throw TemplateFunctionError("non-function of type \(arguments[0].goTypeName)")
            }
            let rest = Array(arguments.dropFirst())
            let fits = rest.count >= function.minimumArguments && rest.count <= (function.maximumArguments ?? .max)
            guard fits else {
                throw TemplateFunctionError(
                    "wrong number of args for \(function.typeName): got \(rest.count) want \(function.minimumArguments)")
            }
            return try function.body(rest, context)
        })
        registerComparisons(into: &table)
        return table
    }

    /// The text `html`, `js` and `urlquery` escape: a lone string as is, else `fmt.Sprint` of all.
    private static func escapableText(_ arguments: [TemplateValue]) -> String {
        if arguments.count == 1, case .string(let text) = arguments[0] { return text }
        return GoPrint.sprint(arguments)
    }

    private static func length(of value: TemplateValue) throws -> Int {
        switch value {
        case .string(let text): return text.utf8.count
        case .list(let list): return list.elements.count
        case .map(let map): return map.entries.count
        case .null: throw TemplateFunctionError("len of nil pointer")
        default: throw TemplateFunctionError("len of type \(value.goTypeName)")
        }
    }

    private static func integerIndex(_ value: TemplateValue, count: Int, kind: String) throws -> Int {
        let index: Int
        switch value {
        case .int(let number): index = number
        case .null: throw TemplateFunctionError("cannot index slice/array with nil")
        default: throw TemplateFunctionError("cannot index slice/array with type \(value.goTypeName)")
        }
        guard index >= 0, index < count else { throw TemplateFunctionError("index out of range: \(index)") }
        return index
    }

    private static func index(_ item: TemplateValue, by indexes: [TemplateValue]) throws -> TemplateValue {
        var current = item
        for key in indexes {
            switch current {
            case .list(let list):
                current = list.elements[try integerIndex(key, count: list.elements.count, kind: "slice")]
            case .string(let text):
                let bytes = Array(text.utf8)
                current = .int(Int(bytes[try integerIndex(key, count: bytes.count, kind: "string")]))
            case .map(let map):
                guard case .string(let name) = key else {
                    throw TemplateFunctionError("value has type \(key.goTypeName); should be string")
                }
                current = map.entries[name] ?? map.missingValue
            case .null:
                throw TemplateFunctionError("index of untyped nil")
            default:
                throw TemplateFunctionError("can't index item of type \(current.goTypeName)")
            }
        }
        return current
    }

    private static func slice(_ item: TemplateValue, by indexes: [TemplateValue]) throws -> TemplateValue {
        if case .null = item { throw TemplateFunctionError("slice of untyped nil") }
        if indexes.count > 3 { throw TemplateFunctionError("too many slice indexes: \(indexes.count)") }
        let count: Int
        switch item {
        case .string(let text):
            if indexes.count == 3 { throw TemplateFunctionError("cannot 3-index slice a string") }
            count = text.utf8.count
        case .list(let list): count = list.elements.count
        default: throw TemplateFunctionError("can't slice item of type \(item.goTypeName)")
        }
        var bounds = [0, count]
        for (position, value) in indexes.prefix(2).enumerated() {
            let bound = try integerIndex(value, count: count + 1, kind: "slice")
            bounds[position] = bound
        }
        if bounds[0] > bounds[1] { throw TemplateFunctionError("invalid slice index: \(bounds[0]) > \(bounds[1])") }
        switch item {
        case .string(let text):
            return .string(String(decoding: Array(text.utf8)[bounds[0]..<bounds[1]], as: UTF8.self))
        case .list(var list):
            list.elements = Array(list.elements[bounds[0]..<bounds[1]])
            return .list(list)
        default:
            return item
        }
    }
}
