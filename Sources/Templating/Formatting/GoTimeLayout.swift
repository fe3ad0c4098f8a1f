// Go's reference-time layouts ("Mon Jan 2 15:04:05 MST 2006"), as `time.Time.Format` reads them.

extension TemplateTime {
    /// Formats with a Go layout such as `2006-01-02T15:04:05Z07:00`.
    public func format(goLayout layout: String) -> String {
        let p = parts
        let chars = Array(layout)
        var out = ""
        var index = 0
        func matches(_ token: String) -> Bool {
            let tokenChars = Array(token)
            guard index + tokenChars.count <= chars.count else { return false }
            return Array(chars[index..<(index + tokenChars.count)]) == tokenChars
        }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let hour12 = p.hour % 12 == 0 ? 12 : p.hour % 12
        // Ordered so that longer tokens win, as Go's `nextStdChunk` does.
        let table: [(String, () -> String)] = [
            ("January", { months[p.month - 1] }), ("Jan", { String(months[p.month - 1].prefix(3)) }),
            ("Monday", { days[p.weekday] }), ("Mon", { String(days[p.weekday].prefix(3)) }), ("MST", { self.zoneAbbreviation }),
            ("2006", { pad(p.year, 4) }), ("002", { pad(p.dayOfYear, 3) }), ("01", { pad(p.month, 2) }),
            ("02", { pad(p.day, 2) }), ("03", { pad(hour12, 2) }), ("04", { pad(p.minute, 2) }),
            ("05", { pad(p.second, 2) }), ("06", { pad(p.year % 100, 2) }),
            ("_2", { pad(p.day, 2, with: " ") }), ("15", { pad(p.hour, 2) }),
            ("Z07:00:00", { self.zone(z: true, colons: true, seconds: true) }),
            ("Z07:00", { self.zone(z: true, colons: true) }), ("Z0700", { self.zone(z: true, colons: false) }),
            ("Z07", { self.zone(z: true, colons: false, hoursOnly: true) }),
            ("-07:00:00", { self.zone(z: false, colons: true, seconds: true) }),
            ("-07:00", { self.zone(z: false, colons: true) }), ("-0700", { self.zone(z: false, colons: false) }),
            ("-07", { self.zone(z: false, colons: false, hoursOnly: true) }),
            ("PM", { p.hour >= 12 ? "PM" : "AM" }), ("pm", { p.hour >= 12 ? "pm" : "am" }),
            ("1", { String(p.month) }), ("2", { String(p.day) }), ("3", { String(hour12) }),
            ("4", { String(p.minute) }), ("5", { String(p.second) }),
        ]
        outer: while index < chars.count {
            if chars[index] == "." || chars[index] == ",", index + 1 < chars.count,
               chars[index + 1] == "0" || chars[index + 1] == "9" {
                let digit = chars[index + 1]
                var end = index + 1
                while end < chars.count, chars[end] == digit { end += 1 }
                let nextIsDigit = end < chars.count && chars[end].isNumber
                if !nextIsDigit {
                    out += fractional(p.nanosecond, digits: end - index - 1, trim: digit == "9", separator: chars[index])
                    index = end
                    continue
                }
            }
            for (token, render) in table where matches(token) {
                out += render()
                index += token.count
                continue outer
            }
            out.append(chars[index])
            index += 1
        }
        return out
    }

    private func fractional(_ nanosecond: Int, digits: Int, trim: Bool, separator: Character) -> String {
        let width = min(digits, 9)
        var text = String(pad(nanosecond, 9).prefix(width))
        if trim {
            while text.hasSuffix("0") { text.removeLast() }
            if text.isEmpty { return "" }
        }
        return String(separator) + text
    }

    private func zone(z: Bool, colons: Bool, seconds: Bool = false, hoursOnly: Bool = false) -> String {
        let offset = utcOffset
        if z, offset == 0 { return "Z" }
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        var text = sign + pad(magnitude / 3600, 2)
        if hoursOnly { return text }
        text += (colons ? ":" : "") + pad(magnitude % 3600 / 60, 2)
        if seconds { text += (colons ? ":" : "") + pad(magnitude % 60, 2) }
        return text
    }
}
