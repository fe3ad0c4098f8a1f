public import Foundation

/// A Go `time.Time`: an instant and the zone it is shown in.
public struct TemplateTime: Sendable, Hashable {
    /// The instant; Go's nanoseconds are kept to the microsecond.
    public var date: Date
    /// The zone the wall-clock parts and the abbreviation are shown in (Go's `Location`).
    public var timeZone: TimeZone

    public init(_ date: Date, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) {
        self.date = date
        self.timeZone = timeZone
    }

    /// Go's `time.Time.String`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    public var goDescription: String { format(goLayout: "2006-01-02 15:04:05.999999999 -0700 MST") }

    /// The wall-clock parts in ``timeZone``, on the proleptic Gregorian calendar as Go uses it
    /// (Foundation's calendar would switch to Julian dates before 1582, shifting Go's zero time).
    var parts: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int,
                weekday: Int, dayOfYear: Int) {
        let interval = date.timeIntervalSince1970
        let wholeSeconds = interval.rounded(.down)
        // A Date holds ~0.1 µs at today's epoch; round to microseconds so 0.128 s prints as .128.
        let nanosecond = min(999_999_000, Int(((interval - wholeSeconds) * 1e6).rounded()) * 1000)
        let local = Int(wholeSeconds) + utcOffset
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondOfDay = local - days * 86400
        let civil = civilDate(daysSinceEpoch: days)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        let dayOfYear = days - daysSinceEpoch(year: civil.year, month: 1, day: 1) + 1
        return (civil.year, civil.month, civil.day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60,
                nanosecond, weekday, dayOfYear)
    }

    /// Offset from UTC in seconds at this instant.
    var utcOffset: Int { timeZone.secondsFromGMT(for: date) }

    /// The zone abbreviation Go prints: `UTC`, `CET`, or the offset (`+0530`) when unnamed.
    var zoneAbbreviation: String {
        if timeZone.identifier == "UTC" || timeZone.identifier == "GMT" && utcOffset == 0 { return "UTC" }
        let isDaylight = timeZone.isDaylightSavingTime(for: date)
        if let abbreviation = ZoneAbbreviation.lookup(identifier: timeZone.identifier, offset: utcOffset, isDaylight: isDaylight) {
            return abbreviation
        }
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
public func goDurationDescription(_ nanoseconds: Int64) -> String {
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

/// Year, month, day of a day count from 1970-01-01 (proleptic Gregorian; Hinnant's algorithm).
func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
}
