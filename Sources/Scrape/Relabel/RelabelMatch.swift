/// The capture groups of one `RelabelRegex` match, and template expansion over them.
public struct RelabelMatch: Sendable {
    /// `groups[0]` is the whole match; nil for a group that took no part in the match.
    public let groups: [Substring?]
    let names: [String?]

    /// Expands `template` as Go's `Regexp.Expand` does: `$$` is a `$`; `$name` takes the longest
    /// run of letters, digits and `_`; `${name}` is braced; a number selects a group by index
    /// (no leading zeros), anything else a group by name; an unknown or unmatched group expands
    /// to nothing; a `$` not followed by a valid reference stays as written.
    public func expand(_ template: String) -> String {
        guard template.contains("$") else { return template }
        let scalars = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "$" else { out.append(c); i += 1; continue }
            if i + 1 < scalars.count, scalars[i + 1] == "$" {
                out.append("$")
                i += 2
                continue
            }
            guard let (name, next) = RelabelMatch.reference(scalars, from: i + 1) else {
                out.append("$")
                i += 1
                continue
            }
            if let value = group(named: name) { out.append(contentsOf: value.unicodeScalars) }
            i = next
        }
        return String(out)
    }

    private func group(named name: String) -> Substring? {
        if let index = RelabelMatch.groupNumber(name) {
            return index < groups.count ? groups[index] : nil
        }
        guard let index = names.firstIndex(where: { $0 == name }), index < groups.count else { return nil }
        return groups[index]
    }

    /// A decimal group number without leading zeros, below 1e8 as in Go.
    private static func groupNumber(_ name: String) -> Int? {
        guard name.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        if name.count > 1, name.hasPrefix("0") { return nil }
        guard name.count <= 8, let number = Int(name) else { return nil }
        return number
    }

    /// The reference name starting at `start` (just after `$`) and the index after it.
    private static func reference(_ s: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        var i = start
        let braced = i < s.count && s[i] == "{"
        if braced { i += 1 }
        let nameStart = i
        while i < s.count, isNameScalar(s[i]) { i += 1 }
        guard i > nameStart else { return nil }
        let name = String(String.UnicodeScalarView(s[nameStart..<i]))
        if braced {
            guard i < s.count, s[i] == "}" else { return nil }
            i += 1
        }
        return (name, i)
    }

    /// Go's `unicode.IsLetter`, `unicode.IsDigit` or `_`.
    private static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        if c == "_" { return true }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }
}
