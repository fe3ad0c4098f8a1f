import Foundation
import VigilCore

/// A relabeling regex: fully anchored like Prometheus's `relabel.Regexp` (`^(?:re)$`), with
/// capture groups for `$1`, `${1}` and `${name}` in `replacement` and `target_label`.
///
/// Patterns are written in Go's RE2 syntax and run on Foundation's ICU engine; both pick the
/// leftmost-first match, so groups capture the same text. Named groups (`(?P<name>…)`,
/// `(?<name>…)`) are turned into plain groups and their names kept here, because ICU limits
/// group names to ASCII letters and digits while Go also allows `_`. As in Prometheus 2.x,
/// `.` does not match a newline.
public struct RelabelRegex: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written in the config, without the anchors.
    public let pattern: String
    /// `groupNames[i]` names capture group `i` (index 0, the whole match, is unnamed).
    let groupNames: [String?]
    private let compiled: Compiled

    public init(_ pattern: String) throws(RelabelRegexError) {
        self.pattern = pattern
        let (translated, names) = RelabelRegex.translate(pattern)
        do {
            let regex = try NSRegularExpression(pattern: "\\A(?:\(translated))\\z", options: [])
            compiled = Compiled(regex)
        } catch {
            throw RelabelRegexError(pattern: pattern)
        }
        guard compiled.regex.numberOfCaptureGroups == names.count else { throw RelabelRegexError(pattern: pattern) }
        groupNames = [nil] + names
    }

    /// Prometheus's default, `(.*)`.
    public static let `default` = try! RelabelRegex("(.*)")

    public var description: String { pattern }

    /// Whether the whole of `value` matches.
    public func matches(_ value: String) -> Bool {
        let range = NSRange(value.startIndex..<value.endIndex, in: value)
        return compiled.regex.firstMatch(in: value, options: [], range: range) != nil
    }

    /// The groups of the match of the whole `value`, or nil when it does not match.
    public func match(_ value: String) -> RelabelMatch? {
        let range = NSRange(value.startIndex..<value.endIndex, in: value)
        guard let result = compiled.regex.firstMatch(in: value, options: [], range: range) else { return nil }
        var groups: [Substring?] = []
        groups.reserveCapacity(result.numberOfRanges)
        for i in 0..<result.numberOfRanges {
            let nsRange = result.range(at: i)
            groups.append(nsRange.location == NSNotFound ? nil : Range(nsRange, in: value).map { value[$0] })
        }
        return RelabelMatch(groups: groups, names: groupNames)
    }

    public static func == (lhs: RelabelRegex, rhs: RelabelRegex) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    /// Rewrites Go named groups as plain groups and lists every capture group's name (or nil),
    /// skipping escapes and bracket expressions so that `\(` and `[(]` are not taken for groups.
    static func translate(_ pattern: String) -> (String, [String?]) {
        let scalars = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var names: [String?] = []
        var i = 0
        var inClass = false
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" {
                out.append(c)
                if i + 1 < scalars.count { out.append(scalars[i + 1]) }
                i += 2
                continue
            }
            if inClass {
                if c == "[", i + 1 < scalars.count, scalars[i + 1] == ":" {
                    // `[:alpha:]` inside a class: copy through its closing `:]`.
                    var j = i + 2
                    while j + 1 < scalars.count, !(scalars[j] == ":" && scalars[j + 1] == "]") { j += 1 }
                    let end = min(j + 2, scalars.count)
                    out.append(contentsOf: scalars[i..<end])
                    i = end
                    continue
                }
                if c == "]" { inClass = false }
                out.append(c)
                i += 1
                continue
            }
            if c == "[" {
                inClass = true
                out.append(c)
                i += 1
                // A `]` right after `[` or `[^` is a literal member.
                if i < scalars.count, scalars[i] == "^" { out.append(scalars[i]); i += 1 }
                if i < scalars.count, scalars[i] == "]" { out.append(scalars[i]); i += 1 }
                continue
            }
            if c == "(" {
                let rest = scalars[(i + 1)...]
                if rest.first != "?" {
                    names.append(nil)
                } else if let nameStart = namedGroupStart(scalars, after: i) {
                    var j = nameStart
                    while j < scalars.count, scalars[j] != ">" { j += 1 }
                    names.append(String(String.UnicodeScalarView(scalars[nameStart..<j])))
                    out.append("(")
                    i = j + 1
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return (String(out), names)
    }

    /// Where the name starts when a `(` at `index` opens `(?P<name>` or `(?<name>`.
    private static func namedGroupStart(_ s: [Unicode.Scalar], after index: Int) -> Int? {
        if index + 3 < s.count, s[index + 1] == "?", s[index + 2] == "P", s[index + 3] == "<" { return index + 4 }
        if index + 2 < s.count, s[index + 1] == "?", s[index + 2] == "<",
           index + 3 < s.count, s[index + 3] != "=", s[index + 3] != "!" { return index + 3 }
        return nil
    }
}

/// A regex that does not compile; prints like Go's `regexp` error opening.
public struct RelabelRegexError: Error, Hashable, Sendable, CustomStringConvertible {
    public let pattern: String
    public var description: String { "error parsing regexp: invalid regular expression \(quoteGoString(pattern))" }
}

// NSRegularExpression is immutable and documented as safe to share between threads; the box only
// carries it across concurrency domains.
private final class Compiled: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}
