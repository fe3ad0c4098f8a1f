extension TemplateTime {
    /// Formats with a Go layout such as `2006-01-02T15:04:05Z07:00`.
    public func format(goLayout layout: String) -> String {
        let p = parts
        let hour12 = p.hour % 12 == 0 ? 12 : p.hour % 12
        var out = ""
        for chunk in GoTimeLayout.chunks(layout) {
            switch chunk {
            case .literal(let text): out += text
            case .longMonth: out += GoTimeLayout.monthNames[p.month - 1]
            case .shortMonth: out += GoTimeLayout.monthNames[p.month - 1].prefix(3)
            case .numMonth: out += String(p.month)
            case .paddedMonth: out += pad(p.month, 2)
            case .longWeekday: out += GoTimeLayout.weekdayNames[p.weekday]
            case .shortWeekday: out += GoTimeLayout.weekdayNames[p.weekday].prefix(3)
            case .day: out += String(p.day)
            case .paddedDay: out += pad(p.day, 2)
            case .spacePaddedDay: out += pad(p.day, 2, with: " ")
            case .yearDay: out += pad(p.dayOfYear, 3)
            case .longYear: out += pad(p.year, 4)
            case .shortYear: out += pad(p.year % 100, 2)
            case .hour: out += pad(p.hour, 2)
            case .hour12: out += String(hour12)
            case .paddedHour12: out += pad(hour12, 2)
            case .minute: out += String(p.minute)
            case .paddedMinute: out += pad(p.minute, 2)
            case .second: out += String(p.second)
            case .paddedSecond: out += pad(p.second, 2)
            case .upperPM: out += p.hour >= 12 ? "PM" : "AM"
            case .lowerPM: out += p.hour >= 12 ? "pm" : "am"
            case .zoneName: out += zoneAbbreviation
            case .zone(let z, let colons, let seconds, let hoursOnly):
                out += zone(z: z, colons: colons, seconds: seconds, hoursOnly: hoursOnly)
            case .fraction(let digits, let trimmed, let separator):
                out += fractional(p.nanosecond, digits: digits, trim: trimmed, separator: separator)
            }
        }
        return out
    }

    private func fractional(_ nanosecond: Int, digits: Int, trim: Bool, separator: Character) -> String {
        var text = String(pad(nanosecond, 9).prefix(min(digits, 9)))
        if trim {
            while text.hasSuffix("0") { text.removeLast() }
            if text.isEmpty { return "" }
        }
        return String(separator) + text
    }

    private func zone(z: Bool, colons: Bool, seconds: Bool, hoursOnly: Bool) -> String {
        let offset = utcOffset
        if z, offset == 0 { return "Z" }
        let magnitude = abs(offset)
        var text = (offset < 0 ? "-" : "+") + pad(magnitude / 3600, 2)
        if hoursOnly { return text }
        text += (colons ? ":" : "") + pad(magnitude % 3600 / 60, 2)
        if seconds { text += (colons ? ":" : "") + pad(magnitude % 60, 2) }
        return text
    }
}
