/// Keeps text that came from alert labels literal through Markdown: before Ink sees it, each
/// character Markdown or HTML would act on becomes a private-use stand-in; after Ink, each
/// stand-in becomes that character's HTML entity. A label value can then neither open a tag
/// or a link nor start emphasis, and still reads the same in prose and in code blocks.
enum LiteralText {
    private static let active: [Character] = ["<", ">", "&", "[", "]", "(", ")", "*", "_", "`", "\\", "!", "#", "|", "~", "\""]
    private static let base: UInt32 = 0xE100

    static func protect(_ text: String) -> String {
        guard text.contains(where: active.contains) else { return text }
        var out = ""
        for character in text {
            if let index = active.firstIndex(of: character), let scalar = Unicode.Scalar(base + UInt32(index)) {
                out.unicodeScalars.append(scalar)
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func protect(_ labels: [String: String]) -> [String: String] { labels.mapValues(protect) }

    /// Turns stand-ins in Ink's output into entities.
    static func restoreAsEntities(_ html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count)
        for scalar in html.unicodeScalars {
            let offset = Int(scalar.value) - Int(base)
            if offset >= 0, offset < active.count, let original = active[offset].unicodeScalars.first {
                out += "&#\(original.value);"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
