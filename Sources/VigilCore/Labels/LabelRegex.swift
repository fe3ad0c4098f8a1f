import Foundation

/// A fully anchored regular expression over label values, as Prometheus matchers use them.
///
/// Patterns are RE2-style; they are compiled with Foundation's ICU engine anchored as
/// `^(?:pattern)$`. Literal patterns and alternations of literals (`a|b|c`) skip the regex
/// engine entirely, which is the common case for `=~` in dashboards and rules.
public struct LabelRegex: Sendable, Hashable {
    public let pattern: String
    /// Whether `.` also matches `\n` (Prometheus 3 does; 2.x does not).
    public let dotMatchesNewline: Bool
    private let fastPath: FastPath
    private let compiled: CompiledRegex?

    private enum FastPath: Sendable, Hashable {
        case literal(String)
        case alternatives(Set<String>)
        case anything        // .*
        case anythingNonEmpty // .+
        case none
    }

    public init(_ pattern: String, dotMatchesNewline: Bool = true) throws(LabelRegexError) {
        self.pattern = pattern
        self.dotMatchesNewline = dotMatchesNewline
        if dotMatchesNewline, pattern == ".*" {
            fastPath = .anything
            compiled = nil
            return
        }
        if dotMatchesNewline, pattern == ".+" {
            fastPath = .anythingNonEmpty
            compiled = nil
            return
        }
        let parts = pattern.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        if parts.allSatisfy({ !$0.contains(where: LabelRegex.isMeta) }) {
            fastPath = parts.count == 1 ? .literal(parts[0]) : .alternatives(Set(parts))
            compiled = nil
            return
        }
        fastPath = .none
        do {
            var options: NSRegularExpression.Options = []
            if dotMatchesNewline { options.insert(.dotMatchesLineSeparators) }
            compiled = CompiledRegex(try NSRegularExpression(pattern: "^(?:\(pattern))$", options: options))
        } catch {
            throw LabelRegexError(pattern: pattern)
        }
    }

    private static func isMeta(_ character: Character) -> Bool {
        "\\.+*?()[]{}^$|".contains(character)
    }

    /// Whether the whole of `value` matches.
    public func matches(_ value: String) -> Bool {
        switch fastPath {
        case .literal(let literal): return value == literal
        case .alternatives(let set): return set.contains(value)
        case .anything: return true
        case .anythingNonEmpty: return !value.isEmpty
        case .none:
            guard let regex = compiled?.regex else { return false }
            let range = NSRange(value.startIndex..<value.endIndex, in: value)
            return regex.firstMatch(in: value, options: [], range: range) != nil
        }
    }

    public static func == (lhs: LabelRegex, rhs: LabelRegex) -> Bool {
        lhs.pattern == rhs.pattern && lhs.dotMatchesNewline == rhs.dotMatchesNewline
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(dotMatchesNewline)
    }
}

/// A pattern that does not compile.
public struct LabelRegexError: Error, Hashable, Sendable, CustomStringConvertible {
    public let pattern: String
    public var description: String { "invalid regular expression \(quoteGoString(pattern))" }
}

// NSRegularExpression is immutable after creation and documented as safe to use from several
// threads at once; this box only carries it across concurrency domains.
private final class CompiledRegex: @unchecked Sendable, Hashable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
    static func == (lhs: CompiledRegex, rhs: CompiledRegex) -> Bool { lhs.regex.pattern == rhs.regex.pattern }
    func hash(into hasher: inout Hasher) { hasher.combine(regex.pattern) }
}
