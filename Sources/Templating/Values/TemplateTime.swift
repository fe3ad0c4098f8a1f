public import Foundation

/// A Go `time.Time`: an instant and the zone it is shown in.
public struct TemplateTime: Sendable, Hashable {
    public var date: Date
    public var timeZone: TimeZone

    public init(_ date: Date, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) {
        self.date = date
        self.timeZone = timeZone
    }

    /// Go's `time.Time.String`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    public var goDescription: String { format(goLayout: "2006-01-02 15:04:05.999999999 -0700 MST") }

    /// The wall-clock parts in ``timeZone``.
    var parts: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int,
                weekday: Int, dayOfYear: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Whole seconds from the calendar; nanoseconds from the exact interval, avoiding rounding up.
        let interval = date.timeIntervalSince1970
        let wholeSeconds = interval.rounded(.down)
        let nanosecond = min(999_999_999, Int(((interval - wholeSeconds) * 1e9).rounded()))
        let whole = Date(timeIntervalSince1970: wholeSeconds)
        let components = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: whole)
        let dayOfYear = calendar.ordinality(of: .day, in: .year, for: whole) ?? 1
        return (
            components.year ?? 1, components.month ?? 1, components.day ?? 1, components.hour ?? 0,
            components.minute ?? 0, components.second ?? 0, nanosecond, (components.weekday ?? 1) - 1, dayOfYear
        )
    }

    /// Offset from UTC in seconds at this instant.
    var utcOffset: Int { timeZone.secondsFromGMT(for: date) }

    /// The zone abbreviation Go prints: `UTC`, `CET`, or the offset (`+0530`) when unnamed.
    var zoneAbbreviation: String {
        if timeZone.identifier == "UTC" || timeZone.identifier == "GMT" && utcOffset == 0 { return "UTC" }
        if let abbreviation = timeZone.abbreviation(for: date), !abbreviation.hasPrefix("GMT") { return abbreviation }
        let offset = utcOffset
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        return sign + pad(hours, 2) + (minutes == 0 ? "" : pad(minutes, 2))
    }
}

func pad(_ value: Int, _ width: Int, with character: Character = "0") -> String {
    let digits = String(value)
    return String(repeating: character, count: max(0, width - digits.count)) + digits
}

/// Go's `time.Duration.String`: `1h2m3.5s`, `150ms`, `0s`.
func goDurationDescription(_ nanoseconds: Int64) -> String {
    if nanoseconds == 0 { return "0s" }
    let negative = nanoseconds < 0
    let magnitude = nanoseconds.magnitude
    var text: String
    if magnitude < 1_000_000_000 {
        let (unit, scale): (String, UInt64) =
            magnitude < 1000 ? ("ns", 1) : magnitude < 1_000_000 ? ("µs", 1000) : ("ms", 1_000_000)
        text = fixedFraction(magnitude, scale: scale) + unit
    } else {
        let seconds = magnitude / 1_000_000_000
        let hours = seconds / 3600, minutes = seconds / 60 % 60
        text = fixedFraction(magnitude % 60_000_000_000, scale: 1_000_000_000) + "s"
        if hours > 0 {
            text = "\(hours)h\(minutes)m" + text
        } else if minutes > 0 {
            text = "\(minutes)m" + text
        }
    }
    return negative ? "-" + text : text
}

/// `value / scale` with the fraction's trailing zeros dropped: 1500 / 1000 → "1.5".
private func fixedFraction(_ value: UInt64, scale: UInt64) -> String {
    let whole = value / scale
    var fraction = value % scale
    guard fraction > 0 else { return String(whole) }
    var width = String(scale).count - 1
    while fraction % 10 == 0 {
        fraction /= 10
        width -= 1
    }
    return "\(whole)." + pad(Int(fraction), width)
}
