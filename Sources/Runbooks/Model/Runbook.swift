import Foundation
import VigilCore

/// A parsed runbook file: its front matter, its Markdown body and the steps found in it.
///
/// ```swift
/// let runbook = try Runbook(parsing: text, file: "UnsignedArtifactInProduction.md")
/// runbook.frontMatter.alerts   // ["UnsignedArtifactInProduction"]
/// runbook.steps.map(\.id)      // ["diagnosis-1", "diagnosis-2", …]
/// ```
public struct Runbook: Sendable, Hashable, Identifiable {
    /// The file stem (`DiskSpaceLow` for `DiskSpaceLow.md`): the runbook's name in URLs and on
    /// incident timelines.
    public var name: String
    /// The path the runbook was read from, as given to the parser.
    public var file: String
    public var frontMatter: RunbookFrontMatter
    /// The Markdown after the front matter, templates not yet expanded.
    public var body: String
    /// 1-based line of the file on which ``body`` starts.
    public var bodyStartLine: Int
    /// Actionable steps in document order.
    public var steps: [RunbookStep]

    public var id: String { name }

    /// The front matter's title, else the body's first `# ` heading, else ``name``.
    public var title: String {
        if let title = frontMatter.title { return title }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("# ") {
            return line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        }
        return name
    }

    /// The step called `id`, if the runbook has one.
    public func step(_ id: RunbookStep.ID) -> RunbookStep? { steps.first { $0.id == id } }
}
