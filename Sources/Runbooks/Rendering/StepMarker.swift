/// Tags each step's line before template expansion so that the step can be found again in the
/// expanded Markdown and in Ink's HTML: `U+E000`, the step's index, `U+E001`, all private-use
/// characters that neither the template engine nor Ink acts on.
enum StepMarker {
    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"

    static func marker(_ index: Int) -> String { "\(open)\(index)\(close)" }

    /// The body with every step's list prefix followed by its marker; a checkbox's `[ ]` is
    /// dropped, as its state is put back at rendering.
    static func mark(_ runbook: Runbook) -> String {
        var lines = runbook.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, step) in runbook.steps.enumerated() {
            let lineIndex = step.line - runbook.bodyStartLine
            guard lines.indices.contains(lineIndex) else { preconditionFailure("BUG: step \(step.id) outside the body") }
            let items = StepScanner.items(in: [Substring(lines[lineIndex])])
            guard let item = items.first else { preconditionFailure("BUG: step \(step.id) line is not an item") }
            lines[lineIndex] = item.prefix + marker(index) + item.text
        }
        return lines.joined(separator: "\n")
    }

    /// Replaces every marker in `text` by what `replacement` returns for its step index;
    /// indexes outside `0..<count` are dropped.
    static func replace(in text: String, count: Int, _ replacement: (Int) -> String) -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(of: open) {
            out += rest[..<start]
            let afterOpen = rest.index(after: start)
            guard let end = rest[afterOpen...].firstIndex(of: close) else {
                rest = rest[afterOpen...]
                continue
            }
            if let index = Int(rest[afterOpen..<end]), (0..<count).contains(index) { out += replacement(index) }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}
