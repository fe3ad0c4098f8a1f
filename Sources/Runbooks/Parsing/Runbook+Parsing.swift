import VigilConfig
import VigilCore

extension Runbook {
    /// Parses a runbook file: the front matter between the first two `---` lines, then Markdown.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the path to name in errors and ``file``; its stem becomes ``name``.
    /// - Throws: every problem of the file, each as `file:line:col: message`.
    public init(parsing text: String, file: String) throws(ConfigErrors) {
        // "\r\n" is one Character in Swift: split on both line ends.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        guard let first = lines.first, first.trimmingSpaces == "---" else {
            throw ConfigErrors([ConfigError(
                position: SourcePosition(file: file, line: 1, column: 1),
                message: #"a runbook starts with front matter: a "---" line, alerts, severity and owner, then "---""#)])
        }
        guard let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingSpaces == "---" }) else {
            throw ConfigErrors([ConfigError(
                position: SourcePosition(file: file, line: 1, column: 1),
                message: #"front matter opened here is not closed by a "---" line"#)])
        }
        // A leading empty line keeps YAML's line numbers equal to the file's.
        let yaml = "\n" + lines[1..<close].joined(separator: "\n")
        let frontMatter = try RunbookFrontMatter(yaml: yaml, file: file, closingLine: close + 1)
        let bodyLines = Array(lines[(close + 1)...])
        self.init(
            name: Runbook.stem(of: file), file: file, frontMatter: frontMatter,
            body: bodyLines.joined(separator: "\n"), bodyStartLine: close + 2,
            steps: Runbook.steps(in: bodyLines, firstLine: close + 2))
    }

    /// `examples/runbooks/DiskSpaceLow.md` → `DiskSpaceLow`.
    static func stem(of file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    static func steps(in bodyLines: [Substring], firstLine: Int) -> [RunbookStep] {
        var counters: [String: Int] = [:]
        return StepScanner.items(in: bodyLines).map { item in
            let slug = RunbookStep.slug(item.section)
            counters[slug, default: 0] += 1
            return RunbookStep(
                id: RunbookStep.ID(rawValue: "\(slug)-\(counters[slug, default: 1])"), kind: item.kind,
                section: item.section, text: String(item.text), commands: item.commands,
                line: firstLine + item.lineIndex)
        }
    }
}

extension RunbookStep {
    /// `Resolution (short-term)` → `resolution-short-term`; `""` → `steps`.
    static func slug(_ section: String) -> String {
        var slug = ""
        for character in section.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return slug.isEmpty ? "steps" : slug
    }
}
