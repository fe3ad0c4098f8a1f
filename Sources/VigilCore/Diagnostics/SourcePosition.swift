/// A place in text a person wrote: a rule file, a config file, a query parameter.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    public var file: String?  // nil for an API body or a flag
    public var line: Int      // 1-based
    public var column: Int    // 1-based, in Unicode scalars

    public init(file: String? = nil, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// Where `utf8Offset` in `text` lands when `text` starts at `origin` (an `expr` in a rule file).
    public init(utf8Offset: Int, in text: String, origin: SourcePosition) {
        var line = origin.line, column = origin.column, consumed = 0
        for scalar in text.unicodeScalars where consumed < utf8Offset {
            consumed += scalar.utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        self.init(file: origin.file, line: line, column: column)
    }

    public var description: String { file.map { "\($0):\(line):\(column)" } ?? "\(line):\(column)" }
}
