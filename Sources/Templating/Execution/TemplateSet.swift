import VigilCore

/// A set of named templates sharing one function table, like a Go `*template.Template` with its
/// associated templates.
///
/// ```swift
/// var set = TemplateSet(functions: FunctionTable.builtins.merging(.alertmanager))
/// try set.parse(defaultTemplates, name: "default.tmpl")        // {{define}}s become named templates
/// let title = try set.execute("slack.default.title", data: data)
/// let text = try set.render("{{ .Status | toUpper }}", data: data)  // Alertmanager's ExecuteTextString
/// ```
public struct TemplateSet: Sendable {
    /// A parsed body with the source it came from, for error positions.
    struct Entry: Sendable {
        var body: ListNode
        var parseName: String
        var source: String

        var isEmpty: Bool { body.isBlank }
    }

    /// The functions templates may call; fixed at creation because parsing checks names against it.
    public private(set) var functions: FunctionTable
    var entries: [String: Entry] = [:]
    /// Deepest nesting of `{{template}}` calls before execution fails.
    public var maximumDepth = 100

    /// - Parameter functions: the functions templates may call; defaults to Go's built-ins.
    public init(functions: FunctionTable = .builtins) {
        self.functions = functions
    }

    /// The same parsed templates calling `functions` instead, for functions that close over
    /// per-execution state (Prometheus's `query` at the evaluation time). `functions` must
    /// define every name the templates were parsed against.
    public func using(_ functions: FunctionTable) -> TemplateSet {
        var copy = self
        copy.functions = functions
        return copy
    }

    /// Names of all templates in the set, sorted.
    public var templateNames: [String] { entries.keys.sorted(by: goLess) }

    /// Whether a template called `name` exists.
    public func contains(_ name: String) -> Bool { entries[name] != nil }

    /// Parses `text`: its `{{define}}`/`{{block}}` templates join the set under their names, and the
    /// text outside them becomes the template `name`.
    ///
    /// As in Go, a definition replaces an earlier one of the same name unless it is empty
    /// (whitespace only). Errors read `template: NAME:LINE: reason`.
    public mutating func parse(_ text: String, name: String) throws(TemplateError) {
        let parsed = try Parser.parse(name: name, text: text, functions: functions.names)
        for definition in parsed.definitions {
            add(Entry(body: definition.body, parseName: name, source: text), as: definition.name)
        }
        add(Entry(body: parsed.root, parseName: name, source: text), as: name)
    }

    private mutating func add(_ entry: Entry, as name: String) {
        if entries[name] != nil, entry.isEmpty { return }
        entries[name] = entry
    }

    /// Executes the template `name` with `data` as dot (`.`) and `$`.
    public func execute(_ name: String, data: TemplateValue) throws(TemplateError) -> String {
        guard let entry = entries[name] else {
            throw TemplateError(
                kind: .execution, templateName: name, position: .init(line: 1, column: 1),
                message: "no template \(goQuote(name)) associated with template set",
                description: "template: no template \(goQuote(name)) associated with template set")
        }
        let executor = Executor(set: self)
        return try executor.run(entry, name: name, data: data)
    }

    /// Parses `text` into a copy of this set under `name` and executes it, as Alertmanager's
    /// `ExecuteTextString` does: the text may call every template of the set.
    public func render(_ text: String, data: TemplateValue, name: String = "") throws(TemplateError) -> String {
        if text.isEmpty { return "" }
        var copy = self
        try copy.parse(text, name: name)
        return try copy.execute(name, data: data)
    }
}
