/// A function templates can call by name: `{{ humanize $value }}`, `{{ .X | toUpper }}`.
///
/// ```swift
/// let shout = TemplateFunction(arity: 1) { arguments, _ in
///     .string(try arguments.string(at: 0).uppercased() + "!")
/// }
/// ```
public struct TemplateFunction: Sendable {
    /// Fewest arguments accepted.
    public var minimumArguments: Int
    /// Most arguments accepted; nil for variadic functions.
    public var maximumArguments: Int?
    /// Shown by `%T` and in messages.
    public var typeName: String
    /// Set on the built-in `and`/`or`, which the executor evaluates lazily.
    var shortCircuit: ShortCircuit?
    let body: @Sendable ([TemplateValue], TemplateCallContext) throws -> TemplateValue

    /// - Parameters:
    ///   - arity: the exact number of arguments.
    ///   - body: receives the evaluated arguments (a piped value comes last) and the call context;
    ///     throw ``TemplateFunctionError`` to fail the execution.
    public init(
        arity: Int, typeName: String = "func",
        _ body: @escaping @Sendable ([TemplateValue], TemplateCallContext) throws -> TemplateValue
    ) {
        self.init(minimumArguments: arity, maximumArguments: arity, typeName: typeName, body)
    }

    /// A function taking between `minimumArguments` and `maximumArguments` (nil: any number).
    public init(
        minimumArguments: Int, maximumArguments: Int?, typeName: String = "func",
        _ body: @escaping @Sendable ([TemplateValue], TemplateCallContext) throws -> TemplateValue
    ) {
        self.minimumArguments = minimumArguments
        self.maximumArguments = maximumArguments
        self.typeName = typeName
        self.body = body
    }
}

/// The lazily evaluated built-ins: `and` stops at the first false operand, `or` at the first true one.
enum ShortCircuit: Sendable {
    case and, or
}

/// What a running function may ask of the executor: `tmpl` renders another template of the set.
public struct TemplateCallContext {
    let render: (String, TemplateValue) throws -> String

    /// Executes the template `name` of the running set with `data` and returns its output.
    public func executeTemplate(_ name: String, data: TemplateValue) throws -> String {
        try render(name, data)
    }
}

/// A failure raised by a template function or method.
///
/// `.call` failures print as Go's `error calling NAME: message`; `.argument` failures (a value of
/// the wrong type) print the message alone, as Go's argument conversion errors do.
public struct TemplateFunctionError: Error, Sendable, Equatable {
    /// Whether the call failed (`error calling NAME: …`) or an argument had the wrong type.
    public enum Kind: Sendable, Equatable {
        case call
        case argument
    }

    public var kind: Kind
    public var message: String
    /// The 0-based argument at fault, when known, so the error points at it as Go's does.
    public var argumentIndex: Int?
    /// For `.argument` failures: the Go type the function wanted (`string`, `[]string`).
    public var expectedType: String?

    /// - Parameters:
    ///   - message: the reason, without the `error calling NAME:` prefix the executor adds.
    ///   - argumentIndex: 0-based index of the offending argument, for `.argument` failures.
    public init(_ message: String, kind: Kind = .call, argumentIndex: Int? = nil) {
        self.kind = kind
        self.message = message
        self.argumentIndex = argumentIndex
    }

    /// Go's message for an argument of the wrong type.
    public static func wrongType(expected: String, got value: TemplateValue) -> TemplateFunctionError {
        var error = TemplateFunctionError("wrong type for value; expected \(expected); got \(value.goTypeName)", kind: .argument)
        if case .null = value { error.message = "invalid value; expected \(expected)" }
        error.expectedType = expected
        return error
    }
}

extension Array where Element == TemplateValue {
    /// The string argument at `index`, or Go's wrong-type error.
    public func string(at index: Int) throws -> String {
        guard case .string(let text) = self[index] else {
            var error = TemplateFunctionError.wrongType(expected: "string", got: self[index])
            error.argumentIndex = index
            throw error
        }
        return text
    }

    /// The `[]string` argument at `index` (a list of strings), or Go's wrong-type error.
    public func stringList(at index: Int) throws -> [String] {
        var error = TemplateFunctionError.wrongType(expected: "[]string", got: self[index])
        error.argumentIndex = index
        guard case .list(let list) = self[index] else { throw error }
        var strings: [String] = []
        for element in list.elements {
            guard case .string(let text) = element else { throw error }
            strings.append(text)
        }
        return strings
    }
}
