import VigilCore

/// A query that does not parse, positioned like Prometheus's `ParseErr`: `1:9: parse error: ...`.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// UTF-8 offset of the offending token in `source`.
    public var offset: Int
    public var source: String
    /// 1-based line and column (in Unicode scalars) of the offending token.
    public var position: SourcePosition

    public init(message: String, offset: Int, source: String) {
        self.message = message
        self.offset = offset
        self.source = source
        position = SourcePosition(utf8Offset: offset, in: source, origin: SourcePosition(line: 1, column: 1))
    }

    public var description: String { "\(position.line):\(position.column): parse error: \(message)" }

    /// The offending line with a caret under the token, for terminals and API error bodies.
    public var annotatedSource: String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let index = position.line - 1
        guard index >= 0, index < lines.count else { return description }
        let line = String(lines[index])
        let pad = String(repeating: " ", count: max(0, position.column - 1))
        return "\(description)\n\(line)\n\(pad)^"
    }
}
