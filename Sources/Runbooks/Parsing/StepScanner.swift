/// Finds list items, headings and fenced code blocks in Markdown line by line, the little of
/// Markdown's block structure that steps need. Lines inside fenced code are never items.
struct StepScanner {
    /// A list item that is a step candidate.
    struct Item {
        var kind: RunbookStep.Kind
        var section: String
        /// 0-based index of the item's line.
        var lineIndex: Int
        /// Everything up to the item's text, e.g. `  1. ` or `- ` (a checkbox's `[ ] ` is left out).
        var prefix: Substring
        var text: Substring
        var commands: [String]
    }

    /// Items of `lines` in order. Ordered items and `- [ ]` items are steps; with
    /// `markedOnly`, instead, any list item whose text starts with `marker` is.
    static func items(in lines: [Substring], markedOnly marker: Character? = nil) -> [Item] {
        var items: [Item] = []
        var section = ""
        var fence: (character: Character, length: Int)?
        var code: [Substring] = []
        var stepOpen = false
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if let open = fence {
                if closesFence(trimmed, open) {
                    fence = nil
                    if stepOpen, !items.isEmpty { items[items.count - 1].commands.append(code.joined(separator: "\n")) }
                    code = []
                } else {
                    code.append(line)
                }
                continue
            }
            if let opened = opensFence(trimmed) {
                fence = opened
                continue
            }
            if let heading = heading(trimmed), trimmed.count == line.count {
                // A level-1 heading is the runbook's title, not a section of it.
                section = trimmed.hasPrefix("# ") || trimmed == "#" ? "" : heading
                stepOpen = false
                continue
            }
            guard let (kind, prefix, text) = listItem(line) else { continue }
            if let marker {
                guard text.first == marker else { continue }
            } else if kind == nil {
                continue
            }
            items.append(Item(kind: kind ?? .ordered, section: section, lineIndex: index, prefix: prefix, text: text, commands: []))
            stepOpen = true
        }
        return items
    }

    /// `### Diagnosis` → `Diagnosis`.
    static func heading(_ line: Substring) -> String? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingSpaces
        while text.hasSuffix("#") { text = text.dropLast() }  // closing sequence `## Title ##`
        return String(text.trimmingSpaces)
    }

    /// The item's kind (nil for a plain bullet), its prefix and its text.
    private static func listItem(_ line: Substring) -> (RunbookStep.Kind?, Substring, Substring)? {
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        var rest = line.dropFirst(indent.count)
        var kind: RunbookStep.Kind?
        if let first = rest.first, "-*+".contains(first) {
            rest = rest.dropFirst()
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let delimiter = rest.first, delimiter == "." || delimiter == ")" else { return nil }
            rest = rest.dropFirst()
            kind = .ordered
        }
        guard let space = rest.first, space == " " || space == "\t" else { return nil }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        let prefix = line[line.startIndex..<rest.startIndex]
        if kind == nil {
            for box in ["[ ]", "[x]", "[X]"] where rest.hasPrefix(box) {
                let after = rest.dropFirst(3)
                if after.isEmpty || after.first == " " || after.first == "\t" {
                    return (.checkbox, prefix, after.drop { $0 == " " || $0 == "\t" })
                }
            }
        }
        return (kind, prefix, rest)
    }

    private static func opensFence(_ line: Substring) -> (character: Character, length: Int)? {
        guard let first = line.first, first == "`" || first == "~" else { return nil }
        let length = line.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        // A backtick fence's info string cannot contain a backtick (CommonMark).
        if first == "`", line.dropFirst(length).contains("`") { return nil }
        return (first, length)
    }

    private static func closesFence(_ line: Substring, _ open: (character: Character, length: Int)) -> Bool {
        let length = line.prefix { $0 == open.character }.count
        return length >= open.length && line.dropFirst(length).allSatisfy { $0 == " " || $0 == "\t" }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self.drop { $0 == " " || $0 == "\t" }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
