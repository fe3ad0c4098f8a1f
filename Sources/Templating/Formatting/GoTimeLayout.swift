// Go's reference-time layouts ("Mon Jan 2 15:04:05 MST 2006"), split into the chunks
// `time.Time.Format` and `time.Parse` understand.

/// One element of a Go time layout.
enum LayoutChunk: Equatable {
    case literal(String)
    case longMonth, shortMonth, numMonth, paddedMonth
    case longWeekday, shortWeekday
    case day, paddedDay, spacePaddedDay, yearDay
    case longYear, shortYear
    case hour, hour12, paddedHour12
    case minute, paddedMinute, second, paddedSecond
    case upperPM, lowerPM
    case zoneName
    /// A numeric zone: `z` prints "Z" for UTC; `colons` separates; `seconds`/`hoursOnly` set the length.
    case zone(z: Bool, colons: Bool, seconds: Bool, hoursOnly: Bool)
    /// `.000` (fixed) or `.999` (trimmed) fractional seconds, with "." or "," before them.
    case fraction(digits: Int, trimmed: Bool, separator: Character)
}

enum GoTimeLayout {
    /// Longest tokens first, as Go's `nextStdChunk` prefers them.
    private static let tokens: [(String, LayoutChunk)] = [
        ("January", .longMonth), ("Jan", .shortMonth), ("Monday", .longWeekday), ("Mon", .shortWeekday),
        ("MST", .zoneName), ("2006", .longYear), ("002", .yearDay), ("01", .paddedMonth), ("02", .paddedDay),
        ("03", .paddedHour12), ("04", .paddedMinute), ("05", .paddedSecond), ("06", .shortYear),
        ("_2", .spacePaddedDay), ("15", .hour),
        ("Z07:00:00", .zone(z: true, colons: true, seconds: true, hoursOnly: false)),
        ("Z07:00", .zone(z: true, colons: true, seconds: false, hoursOnly: false)),
        ("Z070000", .zone(z: true, colons: false, seconds: true, hoursOnly: false)),
        ("Z0700", .zone(z: true, colons: false, seconds: false, hoursOnly: false)),
        ("Z07", .zone(z: true, colons: false, seconds: false, hoursOnly: true)),
        ("-07:00:00", .zone(z: false, colons: true, seconds: true, hoursOnly: false)),
        ("-07:00", .zone(z: false, colons: true, seconds: false, hoursOnly: false)),
        ("-070000", .zone(z: false, colons: false, seconds: true, hoursOnly: false)),
        ("-0700", .zone(z: false, colons: false, seconds: false, hoursOnly: false)),
        ("-07", .zone(z: false, colons: false, seconds: false, hoursOnly: true)),
        ("PM", .upperPM), ("pm", .lowerPM),
        ("1", .numMonth), ("2", .day), ("3", .hour12), ("4", .minute), ("5", .second),
    ]

    static func chunks(_ layout: String) -> [LayoutChunk] {
        let chars = Array(layout)
        var result: [LayoutChunk] = []
        var literal = ""
        var index = 0
        func flush() {
            if !literal.isEmpty { result.append(.literal(literal)) }
            literal = ""
        }
        outer: while index < chars.count {
            if chars[index] == "." || chars[index] == ",", index + 1 < chars.count,
               chars[index + 1] == "0" || chars[index + 1] == "9" {
                let digit = chars[index + 1]
                var end = index + 1
                while end < chars.count, chars[end] == digit { end += 1 }
                if !(end < chars.count && chars[end].isNumber) {
                    flush()
                    result.append(.fraction(digits: end - index - 1, trimmed: digit == "9", separator: chars[index]))
                    index = end
                    continue
                }
            }
            for (token, chunk) in tokens where matches(chars, token, at: index) {
                flush()
                result.append(chunk)
                index += token.count
                continue outer
            }
            literal.append(chars[index])
            index += 1
        }
        flush()
        return result
    }

    /// The layout text a chunk came from, for error messages.
    static func text(of chunk: LayoutChunk) -> String {
        switch chunk {
        case .literal(let text): return text
        case .fraction(let digits, let trimmed, let separator):
            return String(separator) + String(repeating: trimmed ? "9" : "0", count: digits)
        default: return tokens.first { $0.1 == chunk }?.0 ?? ""
        }
    }

    private static func matches(_ chars: [Character], _ token: String, at index: Int) -> Bool {
        let tokenChars = Array(token)
        guard index + tokenChars.count <= chars.count else { return false }
        return Array(chars[index..<(index + tokenChars.count)]) == tokenChars
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
}
