import Foundation

/// A value that does not fit its layout, worded as Go's `time.ParseError`.
struct GoTimeParseError: Error {
    var message: String
}

extension GoTimeLayout {
    /// Go's `time.ParseInLocation(layout, value, time.UTC)`: omitted fields are zero (or one for
    /// month and day); a numeric zone in the value shifts the instant.
    static func parse(_ value: String, layout: String) throws(GoTimeParseError) -> TemplateTime {
        var rest = Substring(value)
        var (year, month, day, yearDay, hour, minute, second, nanosecond) = (0, 1, 1, 0, 0, 0, 0, 0)
        var offset = 0
        var pm: Bool?
        let chunks = chunks(layout)
        func cannot(_ chunk: LayoutChunk) -> GoTimeParseError {
            GoTimeParseError(message: "parsing time \(goQuote(value)) as \(goQuote(layout)): cannot parse "
                + "\(goQuote(String(rest))) as \(goQuote(text(of: chunk)))")
        }
        func outOfRange(_ what: String) -> GoTimeParseError {
            GoTimeParseError(message: "parsing time \(goQuote(value)): \(what) out of range")
        }
        func number(_ minimum: Int, _ maximum: Int) -> Int? {
            let digits = rest.prefix(maximum).prefix { $0.isASCII && $0.isNumber }
            guard digits.count >= minimum, let parsed = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            return parsed
        }
        func name(_ names: [String], length: Int?) -> Int? {
            for (index, full) in names.enumerated() {
                let candidate = length.map { String(full.prefix($0)) } ?? full
                if rest.lowercased().hasPrefix(candidate.lowercased()) {
                    rest = rest.dropFirst(candidate.count)
                    return index
                }
            }
            return nil
        }
        func fraction(fixedDigits: Int?) -> Int? {
            guard let separator = rest.first, separator == "." || separator == "," else { return fixedDigits == nil ? 0 : nil }
            let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            if let fixedDigits, digits.count != fixedDigits { return nil }
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(1 + digits.count)
            return Int(String(digits.prefix(9)).padding(toLength: 9, withPad: "0", startingAt: 0)) ?? 0
        }
        for (index, chunk) in chunks.enumerated() {
            var parsed: Int?
            switch chunk {
            case .literal(let text):
                guard rest.hasPrefix(text) else { throw cannot(chunk) }
                rest = rest.dropFirst(text.count)
                continue
            case .longYear: parsed = number(4, 4).map { year = $0; return $0 }
            case .shortYear: parsed = number(2, 2).map { year = $0 + ($0 >= 69 ? 1900 : 2000); return $0 }
            case .longMonth: parsed = name(monthNames, length: nil).map { month = $0 + 1; return $0 }
            case .shortMonth: parsed = name(monthNames, length: 3).map { month = $0 + 1; return $0 }
            case .numMonth, .paddedMonth:
                parsed = number(chunk == .numMonth ? 1 : 2, 2).map { month = $0; return $0 }
                if parsed != nil, !(1...12).contains(month) { throw outOfRange("month") }
            case .longWeekday: parsed = name(weekdayNames, length: nil)
            case .shortWeekday: parsed = name(weekdayNames, length: 3)
            case .day, .paddedDay, .spacePaddedDay:
                if chunk == .spacePaddedDay, rest.first == " " { rest = rest.dropFirst() }
                parsed = number(chunk == .paddedDay ? 2 : 1, 2).map { day = $0; return $0 }
            case .yearDay: parsed = number(3, 3).map { yearDay = $0; return $0 }
            case .hour, .hour12, .paddedHour12:
                parsed = number(chunk == .hour12 ? 1 : 2, 2).map { hour = $0; return $0 }
                if parsed != nil, hour > (chunk == .hour ? 23 : 12) { throw outOfRange("hour") }
            case .minute, .paddedMinute:
                parsed = number(chunk == .minute ? 1 : 2, 2).map { minute = $0; return $0 }
                if parsed != nil, minute > 59 { throw outOfRange("minute") }
            case .second, .paddedSecond:
                parsed = number(chunk == .second ? 1 : 2, 2).map { second = $0; return $0 }
                if parsed != nil, second > 59 { throw outOfRange("second") }
                // Go reads fractional seconds after seconds even when the layout has none.
                let nextIsFraction = index + 1 < chunks.count && { if case .fraction = chunks[index + 1] { true } else { false } }()
                if parsed != nil, !nextIsFraction, let separator = rest.first, separator == ".",
                   rest.dropFirst().first?.isNumber == true, let nanos = fraction(fixedDigits: nil) {
                    nanosecond = nanos
                }
            case .upperPM, .lowerPM:
                let marker = rest.prefix(2).uppercased()
                if marker == "AM" || marker == "PM" {
                    pm = marker == "PM"
                    rest = rest.dropFirst(2)
                    parsed = 0
                }
            case .zoneName:
                let letters = rest.prefix { $0.isUppercase }
                if letters.count >= 3 {
                    rest = rest.dropFirst(letters.count)
                    parsed = 0
                }
            case .zone(let z, let colons, let seconds, let hoursOnly):
                if z, rest.first == "Z" {
                    rest = rest.dropFirst()
                    parsed = 0
                } else if let sign = rest.first, sign == "+" || sign == "-" {
                    rest = rest.dropFirst()
                    var total = (number(2, 2) ?? -1) * 3600
                    if !hoursOnly {
                        if colons, rest.first == ":" { rest = rest.dropFirst() }
                        total += (number(2, 2) ?? -100_000) * 60
                        if seconds {
                            if colons, rest.first == ":" { rest = rest.dropFirst() }
                            total += number(2, 2) ?? -100_000
                        }
                    }
                    if total >= 0 {
                        offset = sign == "-" ? -total : total
                        parsed = 0
                    }
                }
            case .fraction(let digits, let trimmed, _):
                parsed = fraction(fixedDigits: trimmed ? nil : digits).map { nanosecond = $0; return $0 }
            }
            guard parsed != nil else { throw cannot(chunk) }
        }
        guard rest.isEmpty else {
            throw GoTimeParseError(message: "parsing time \(goQuote(value)): extra text: \(goQuote(String(rest)))")
        }
        if let pm {
            if pm, hour < 12 { hour += 12 } else if !pm, hour == 12 { hour = 0 }
        }
        var days = daysSinceEpoch(year: year, month: month, day: day)
        if yearDay > 0 {
            days = daysSinceEpoch(year: year, month: 1, day: 1) + yearDay - 1
        } else if civilDate(daysSinceEpoch: days) != (year, month, day) {
            throw outOfRange("day")
        }
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + Double(nanosecond) / 1e9
        return TemplateTime(Date(timeIntervalSince1970: seconds))
    }
}
