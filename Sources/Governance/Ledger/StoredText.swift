/// Text Vigil stores must not contain U+0000: SQLite keeps it, but reading TEXT back through C
/// strings ends at the first NUL, so the stored value would silently differ from what was
/// written. Every other character, control characters included, is stored verbatim.
public enum StoredText {
    /// Throws `StoredTextError` naming `field` when `text` contains U+0000.
    public static func check(_ text: String, field: String) throws(StoredTextError) {
        if text.utf8.contains(0) { throw StoredTextError(field: field) }
    }
}

/// A text field that cannot be stored.
public struct StoredTextError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public init(field: String) { self.field = field }
    public var description: String { "\(field) must not contain the NUL character (U+0000)" }
}
