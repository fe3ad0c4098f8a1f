import VigilCore

/// A point list item of the test-script notation (`1`, `_`, `stale`, `0+10x5`, `_x3`).
public enum SeriesItem: Sendable, Hashable {
    case value(Double)
    case gap
}

/// `<series> <values>` lines of `load` blocks and expected results.
public struct SeriesDescription: Sendable {
    public var labels: Labels
    public var items: [SeriesItem]
    /// The line holds native-histogram literals (`{{...}}`), which Vigil does not support yet.
    public var hasHistograms: Bool

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses `metric{labels} 1 2+3x4 _ stale`; throws `Failure` or the label parser's error.
    public static func parse(_ line: String, compatibility: PromQLCompatibility) throws -> SeriesDescription {
        let (seriesText, valuesText) = split(line)
        let labels = try parseLabels(seriesText, compatibility: compatibility)
        if valuesText.contains("{{") {
            return SeriesDescription(labels: labels, items: [], hasHistograms: true)
        }
        var items: [SeriesItem] = []
        for word in valuesText.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            items.append(contentsOf: try expand(String(word)))
        }
        return SeriesDescription(labels: labels, items: items, hasHistograms: false)
    }

    /// Splits at the first blank outside braces and quotes.
    static func split(_ line: String) -> (String, String) {
        var depth = 0
        var quote: Character?
        var escaped = false
        for index in line.indices {
            let c = line[index]
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" && q != "`" { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'", "`": quote = c
            case "{": depth += 1
            case "}": depth -= 1
            case " ", "\t":
                if depth == 0 {
                    return (String(line[..<index]), String(line[index...]).trimmingCharacters())
                }
            default: break
            }
        }
        return (line, "")
    }

    public static func parseLabels(_ text: String, compatibility: PromQLCompatibility) throws -> Labels {
        let compact = text.filter { $0 != " " }
        if compact == "{}" { return .empty }
        let expr = try Parser.parse(text, options: ParserOptions(compatibility: compatibility))
        guard case .vectorSelector(let selector) = expr else { throw Failure(message: "invalid series description \(quoteGoString(text))") }
        var pairs: [Label] = []
        for matcher in selector.matchers {
            guard matcher.type == .equal else { throw Failure(message: "invalid series description \(quoteGoString(text))") }
            pairs.append(Label(matcher.name, matcher.value))
        }
        return Labels(pairs)
    }

    static func number(_ text: String) throws -> Double {
        if text == "stale" { return StaleMarker.value }
        guard let value = parseNumber(text) else { throw Failure(message: "invalid number \(quoteGoString(text))") }
        return value
    }

    public static func expand(_ word: String) throws -> [SeriesItem] {
        if word == "_" { return [.gap] }
        if word == "stale" { return [.value(StaleMarker.value)] }
        guard let x = word.lastIndex(of: "x"), let times = Int(word[word.index(after: x)...]), times >= 0 else {
            return [.value(try number(word))]
        }
        let base = String(word[..<x])
        if base == "_" { return Array(repeating: .gap, count: times) }
        // Find the `+`/`-` between start and increment (not a sign, not an exponent sign).
        let chars = Array(base)
        var opIndex: Int?
        var i = chars.count - 1
        while i > 0 {
            if chars[i] == "+" || chars[i] == "-", chars[i - 1] != "e", chars[i - 1] != "E" {
                opIndex = i
                break
            }
            i -= 1
        }
        var start: Double, step = 0.0
        if let op = opIndex {
            start = try number(String(chars[..<op]))
            step = try number(String(chars[(op + 1)...]))
            if chars[op] == "-" { step = -step }
        } else {
            start = try number(base)
        }
        if StaleMarker.isStale(start) { return Array(repeating: .value(start), count: times + 1) }
        var out: [SeriesItem] = []
        out.reserveCapacity(times + 1)
        for k in 0...times {
            out.append(.value(start))
            _ = k
            start += step
        }
        return out
    }

    static func isHexNumber(_ word: String) -> Bool {
        var body = Substring(word)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard body.hasPrefix("0x") || body.hasPrefix("0X") else { return false }
        let digits = body.dropFirst(2)
        return !digits.isEmpty && digits.allSatisfy(\.isHexDigit)
    }
}
