/// The Go type of a list, map or object: its name (in messages and `%T`), its methods and how it
/// prints when it has a `String()` method.
///
/// Types are shared descriptions; methods receive the value they are called on:
/// ```swift
/// let pairs = TemplateType(name: "template.Pairs", methods: [
///     "Names": TemplateMethod { receiver, _ in … },
/// ])
/// ```
public struct TemplateType: Sendable {
    /// The Go type name, as `%T` and error messages print it (`template.KV`).
    public var name: String
    /// Methods by name, looked up before fields and map keys.
    public var methods: [String: TemplateMethod]
    /// Go's `String()` method: how `print` and actions render values of this type.
    public var stringer: (@Sendable (TemplateValue) -> String)?
    /// Struct fields' JSON names (Go's `json:"…"` tags) for `toJson`; unnamed fields keep their name.
    public var jsonNames: [String: String]

    public init(
        name: String, methods: [String: TemplateMethod] = [:],
        stringer: (@Sendable (TemplateValue) -> String)? = nil, jsonNames: [String: String] = [:]
    ) {
        self.name = name
        self.methods = methods
        self.stringer = stringer
        self.jsonNames = jsonNames
    }

    /// `[]interface {}`, the type of lists without one of their own.
    public static let interfaceList = TemplateType(name: "[]interface {}")
    /// `[]string`.
    public static let stringList = TemplateType(name: "[]string")
    /// `map[string]interface {}`: missing keys read as `<no value>`.
    public static let interfaceMap = TemplateType(name: "map[string]interface {}")
    /// `map[string]string`: missing keys read as "".
    public static let stringMap = TemplateType(name: "map[string]string")
}

/// A method callable from templates as `.Name` (no arguments) or `.Name arg…` at the end of a
/// command. Method lookup comes before map keys, as in Go.
public struct TemplateMethod: Sendable {
    /// How many arguments the method takes besides its receiver.
    public var arity: Int
    let body: @Sendable (TemplateValue, [TemplateValue]) throws -> TemplateValue

    /// - Parameters:
    ///   - arity: the number of arguments, not counting the receiver.
    ///   - body: receives the receiver and the arguments; throw ``TemplateFunctionError`` to fail.
    public init(arity: Int = 0, _ body: @escaping @Sendable (TemplateValue, [TemplateValue]) throws -> TemplateValue) {
        self.arity = arity
        self.body = body
    }

    /// Calls the method on `receiver`.
    public func callAsFunction(_ receiver: TemplateValue, _ arguments: [TemplateValue]) throws -> TemplateValue {
        try body(receiver, arguments)
    }
}
