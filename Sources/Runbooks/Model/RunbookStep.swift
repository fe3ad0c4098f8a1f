/// One actionable step of a runbook: an ordered-list item or a `- [ ]` checkbox item.
///
/// ``id`` is `<section slug>-<n>`, `n` 1-based among the steps of that section, so it stays the
/// same whatever labels the runbook is rendered with and can be recorded on an incident's
/// timeline (`runbookStepChecked(runbook:step:)`).
public struct RunbookStep: Sendable, Hashable, Identifiable {
    /// A step's stable identity inside its runbook, e.g. `diagnosis-2`.
    public struct ID: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }
        public var description: String { rawValue }
        public static func < (lhs: ID, rhs: ID) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// How the step was written.
    public enum Kind: String, Sendable, Hashable {
        /// `1. Check the logs`
        case ordered
        /// `- [ ] Check the logs` (or `- [x]`: the file's own mark is ignored; checked state comes from the incident)
        case checkbox
    }

    public var id: ID
    public var kind: Kind
    /// The heading the step sits under (`Diagnosis`), or `""` before the first heading.
    public var section: String
    /// The item's Markdown text without its list marker or checkbox.
    public var text: String
    /// Fenced code blocks between this step and the next step or heading, without their fences.
    public var commands: [String]
    /// 1-based line of the item in the runbook file.
    public var line: Int

    public init(id: ID, kind: Kind, section: String, text: String, commands: [String] = [], line: Int) {
        self.id = id
        self.kind = kind
        self.section = section
        self.text = text
        self.commands = commands
        self.line = line
    }
}
