import Foundation

/// The bare addresses (`a@b`) of an RFC 5322 address list such as
/// `"Ops Team" <ops@example.com>, oncall@example.com`, as SMTP's `MAIL FROM`/`RCPT TO` want them.
enum MailAddress {
    struct Invalid: Error, Hashable { var entry: String }

    static func parseList(_ list: String) throws(Invalid) -> [String] {
        var entries: [String] = []
        var current = ""
        var inQuotes = false
        var inAngle = false
        for character in list {
            switch character {
            case "\"": inQuotes.toggle()
            case "<" where !inQuotes: inAngle = true
            case ">" where !inQuotes: inAngle = false
            case "," where !inQuotes && !inAngle:
                entries.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        entries.append(current)
        return try entries.map { entry throws(Invalid) in try address(in: entry) }
    }

    private static func address(in entry: String) throws(Invalid) -> String {
        let trimmed = entry.trimmingCharacters(in: .whitespaces)
        var candidate = trimmed
        if let open = trimmed.lastIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
            candidate = String(trimmed[trimmed.index(after: open)..<close])
        }
        let parts = candidate.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            !candidate.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else {
            throw Invalid(entry: trimmed)
        }
        return candidate
    }
}
