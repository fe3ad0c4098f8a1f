import Foundation
import VigilCore

/// Compiled `label_replace` patterns, so range queries do not recompile them at every step.
private final class RegexBox: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as thread-safe; the box only carries it.
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}

/// A small lock-protected map (`Mutex` needs macOS 15; the package targets macOS 14).
private final class RegexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: RegexBox] = [:]  // guarded by `lock`
    func withLock<T>(_ body: (inout [String: RegexBox]) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&entries)
    }
}

private let regexCache = RegexCache()

private func compiledRegex(_ pattern: String, dotAll: Bool) throws -> NSRegularExpression {
    let key = (dotAll ? "s:" : "n:") + pattern
    if let hit = regexCache.withLock({ $0[key] }) { return hit.regex }
    var options: NSRegularExpression.Options = []
    if dotAll { options.insert(.dotMatchesLineSeparators) }
    let translated = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
    let regex = try NSRegularExpression(pattern: "^(?:\(translated))$", options: options)
    regexCache.withLock { cache in
        if cache.count > 512 { cache.removeAll() }
        cache[key] = RegexBox(regex)
    }
    return regex
}

/// `label_replace` and `label_join`.
enum LabelFunctions {
    static let table: [String: FunctionImplementation] = [
        "label_replace": { context in try labelReplace(context) },
        "label_join": { context in try labelJoin(context) },
    ]

    static func validDestination(_ name: String, _ options: EngineOptions) -> Bool {
        if options.compatibility == .prometheus2 {
            guard let first = name.utf8.first, !(first >= 48 && first <= 57) else { return false }
            return name.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 95 }
        }
        return isValidLabelName(name)
    }

    static func labelReplace(_ context: FunctionContext) throws -> Value {
        let dst = context.string(1), replacement = context.string(2), src = context.string(3), pattern = context.string(4)
        let regex: NSRegularExpression
        do {
            regex = try compiledRegex(pattern, dotAll: context.options.compatibility == .prometheus3)
        } catch {
            throw EvalError("invalid regular expression in label_replace(): \(pattern)")
        }
        guard validDestination(dst, context.options) else {
            throw EvalError("invalid destination label name in label_replace(): \(dst)")
        }
        let groupNames = namedGroups(pattern)
        var out: [Sample] = []
        for var sample in context.vector(0) {
            let value = sample.metric.value(of: src)
            let range = NSRange(value.startIndex..<value.endIndex, in: value)
            if let match = regex.firstMatch(in: value, options: [], range: range) {
                let expanded = expand(replacement, match: match, in: value, names: groupNames)
                sample.metric = sample.metric.setting(dst, to: expanded)
                if dst == Label.metricName { sample.dropName = false }
            }
            out.append(sample)
        }
        return .vector(out)
    }

    static func labelJoin(_ context: FunctionContext) throws -> Value {
        let dst = context.string(1), separator = context.string(2)
        let sources = (3..<context.args.count).map { context.string($0) }
        guard validDestination(dst, context.options) else {
            throw EvalError("invalid destination label name in label_join(): \(dst)")
        }
        for src in sources where !validDestination(src, context.options) {
            throw EvalError("invalid source label name in label_join(): \(src)")
        }
        var out: [Sample] = []
        for var sample in context.vector(0) {
            let joined = sources.map { sample.metric.value(of: $0) }.joined(separator: separator)
            sample.metric = sample.metric.setting(dst, to: joined)
            if dst == Label.metricName { sample.dropName = false }
            out.append(sample)
        }
        return .vector(out)
    }

    /// Names of `(?P<name>...)` / `(?<name>...)` groups in order.
    static func namedGroups(_ pattern: String) -> [String] {
        var names: [String] = []
        var rest = Substring(pattern)
        while let range = rest.range(of: "(?P<") ?? rest.range(of: "(?<") {
            let after = rest[range.upperBound...]
            if let close = after.firstIndex(of: ">") { names.append(String(after[..<close])) }
            rest = after
        }
        return names
    }

    /// Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`.
    static func expand(_ template: String, match: NSTextCheckingResult, in value: String, names: [String]) -> String {
        let chars = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func group(_ name: String) -> String {
            let range: NSRange
            if let number = Int(name) {
                guard number < match.numberOfRanges else { return "" }
                range = match.range(at: number)
            } else {
                guard names.contains(name) else { return "" }
                range = match.range(withName: name)
            }
            guard range.location != NSNotFound, let r = Range(range, in: value) else { return "" }
            return String(value[r])
        }
        func isWordChar(_ c: Unicode.Scalar) -> Bool {
            c == "_" || (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
        }
        while i < chars.count {
            let c = chars[i]
            if c != "$" || i + 1 >= chars.count { out.append(c); i += 1; continue }
            let next = chars[i + 1]
            if next == "$" { out.append("$"); i += 2; continue }
            if next == "{" {
                if let close = chars[(i + 2)...].firstIndex(of: "}") {
                    let name = String(String.UnicodeScalarView(chars[(i + 2)..<close]))
                    if !name.isEmpty, name.unicodeScalars.allSatisfy(isWordChar) {
                        out.append(contentsOf: group(name).unicodeScalars)
                        i = close + 1
                        continue
                    }
                }
                out.append(c)
                i += 1
                continue
            }
            var end = i + 1
            while end < chars.count, isWordChar(chars[end]) { end += 1 }
            if end == i + 1 { out.append(c); i += 1; continue }
            let name = String(String.UnicodeScalarView(chars[(i + 1)..<end]))
            out.append(contentsOf: group(name).unicodeScalars)
            i = end
        }
        return String(out)
    }
}
