public import VigilCore

/// A template that failed to parse or execute, printed exactly as Go's `text/template` prints it.
///
/// Parse errors read `template: NAME:LINE: reason`; execution errors read
/// `template: NAME:LINE:COL: executing "NAME" at <node>: reason`, where Go's COL is a 0-based byte
/// offset in the line. ``position`` is the same place in Vigil's convention (1-based line, 1-based
/// column in Unicode scalars) for editors and tools.
public struct TemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Whether the template was rejected while parsing or failed while running.
    public enum Kind: String, Hashable, Sendable {
        case parse
        case execution
    }

    public var kind: Kind
    /// The name the failing text was parsed under (Go's `ParseName`).
    public var templateName: String
    /// 1-based line and column (in Unicode scalars) of the failing token or node.
    public var position: SourcePosition
    /// The reason alone, without location: `unexpected "}" in operand`.
    public var message: String
    /// Go's full text: `template: NAME:1: unexpected "}" in operand`.
    public var description: String

    init(kind: Kind, templateName: String, position: SourcePosition, message: String, description: String) {
        self.kind = kind
        self.templateName = templateName
        self.position = position
        self.message = message
        self.description = description
    }

    static func parse(_ message: String, name: String, text: String, offset: Int, line: Int) -> TemplateError {
        let position = SourcePosition(utf8Offset: offset, in: text, origin: SourcePosition(line: 1, column: 1))
        return TemplateError(
            kind: .parse, templateName: name, position: position, message: message,
            description: "template: \(name):\(line): \(message)")
    }
}
