import Foundation

/// Go's `regexp.MatchString` and `ReplaceAllString` on Foundation's engine. RE2 and ICU agree on
/// the syntax alert templates use; error texts cannot name RE2's exact reason.
enum GoRegex {
    static func compile(_ pattern: String) throws -> NSRegularExpression {
        do {
            // RE2 spells named groups (?P<name>…); ICU only knows (?<name>…).
            return try NSRegularExpression(pattern: pattern.replacingOccurrences(of: "(?P<", with: "(?<"))
        } catch {
            throw TemplateFunctionError("error parsing regexp: invalid pattern: `\(pattern)`")
        }
    }

    /// Whether `text` contains a match of `pattern` (unanchored).
    static func matches(_ pattern: String, _ text: String) throws -> Bool {
        let regex = try compile(pattern)
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..<text.endIndex, in: text)) != nil
    }

    /// Replaces every match, expanding `$1`, `${1}`, `$name`, `${name}` and `$$` as Go does.
    static func replaceAll(_ pattern: String, in text: String, with template: String) throws -> String {
        let regex: NSRegularExpression
        do {
            regex = try compile(pattern)
        } catch let error as TemplateFunctionError {
            // Alertmanager and Prometheus compile with MustCompile; the template engine reports the panic.
            throw TemplateFunctionError("regexp: Compile(`\(pattern)`): \(error.message)")
        }
        let source = text as NSString
        var out = ""
        var last = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            out += source.substring(with: NSRange(location: last, length: match.range.location - last))
            out += expand(template, match: match, regex: regex, source: source)
            last = match.range.location + match.range.length
        }
        return out + source.substring(from: last)
    }

    private static func expand(
        _ template: String, match: NSTextCheckingResult, regex: NSRegularExpression, source: NSString
    ) -> String {
        let scalars = Array(template.unicodeScalars)
        var out = ""
        var index = 0
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar)
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard scalar == "$", index < scalars.count else {
                out.unicodeScalars.append(scalar)
                continue
            }
            if scalars[index] == "$" {
                out += "$"
                index += 1
                continue
            }
            var name = ""
            if scalars[index] == "{" {
                guard let close = scalars[index...].firstIndex(of: "}") else {
                    out += "$"
                    continue
                }
                name = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                guard !name.isEmpty, name.unicodeScalars.allSatisfy(isNameScalar) else {
                    out += "$"
                    continue
                }
                index = close + 1
            } else {
                let start = index
                while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
                guard index > start else {
                    out += "$"
                    continue
                }
                name = String(String.UnicodeScalarView(scalars[start..<index]))
            }
            let range: NSRange
            if let number = Int(name) {
                range = number < match.numberOfRanges ? match.range(at: number) : NSRange(location: NSNotFound, length: 0)
            } else {
                range = match.range(withName: name)
            }
            if range.location != NSNotFound { out += source.substring(with: range) }
        }
        return out
    }
}
