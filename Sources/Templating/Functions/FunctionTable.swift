/// The functions a template set can call, by name. Built-ins come from ``builtins``; callers add
/// their own or merge the optional tables (``alertmanager``, ``prometheus(context:)``).
///
/// ```swift
/// var functions = FunctionTable.builtins.merging(.alertmanager)
/// functions.register("shout", TemplateFunction(arity: 1) { args, _ in .string(try args.string(at: 0) + "!") })
/// var set = TemplateSet(functions: functions)
/// ```
/// Functions are checked at parse time: calling an unknown name is a parse error, as in Go.
public struct FunctionTable: Sendable {
    /// The functions by name.
    public private(set) var functions: [String: TemplateFunction] = [:]

    /// A table holding exactly `functions` (empty by default; start from ``builtins`` for Go's).
    public init(_ functions: [String: TemplateFunction] = [:]) {
        self.functions = functions
    }

    /// Adds `function` under `name`, replacing any function of that name.
    public mutating func register(_ name: String, _ function: TemplateFunction) {
        functions[name] = function
    }

    /// This table plus `other`; `other` wins on conflicts.
    public func merging(_ other: FunctionTable) -> FunctionTable {
        FunctionTable(functions.merging(other.functions) { _, new in new })
    }

    /// The function called `name`, if any.
    public subscript(name: String) -> TemplateFunction? { functions[name] }

    /// Names known at parse time, including `and`/`or`, which the executor evaluates lazily.
    var names: Set<String> { Set(functions.keys) }
}
