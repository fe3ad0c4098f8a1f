import Foundation
import VigilCore

/// A wall-clock date and time with no zone ("2026-03-29 09:00"), as a person at a desk reads it.
///
/// Held as seconds since 1970-01-01 00:00 on that same wall clock, so "add one day" is exact
/// civil arithmetic and never depends on DST; `instant(in:)` places it in a time zone.
public struct LocalDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Wall-clock seconds since 1970-01-01 00:00.
    public var civilSeconds: Int64

    public init(civilSeconds: Int64) { self.civilSeconds = civilSeconds }

    public init(year: Int, month: Int, day: Int, secondOfDay: Int = 0) {
        civilSeconds = Int64(LocalDateTime.days(year: year, month: month, day: day)) * 86_400 + Int64(secondOfDay)
    }

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int = 0, second: Int = 0) {
        self.init(year: year, month: month, day: day, secondOfDay: hour * 3600 + minute * 60 + second)
    }

    /// The wall-clock reading of `instant` in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        civilSeconds = seconds + Int64(zone.secondsFromGMT(for: instant))
    }

    /// Days since 1970-01-01 (negative before).
    public var day: Int { Int(civilSeconds.floorDiv(86_400)) }
    /// Seconds since this day's midnight.
    public var secondOfDay: Int { Int(civilSeconds - Int64(day) * 86_400) }
    public var weekday: Weekday { Weekday.allCases[Int((Int64(day) + 3).floorMod(7))] }  // 1970-01-01 was a Thursday

    public var date: (year: Int, month: Int, day: Int) { LocalDateTime.civil(days: day) }

    public func adding(days: Int = 0, seconds: Int64 = 0) -> LocalDateTime {
        LocalDateTime(civilSeconds: civilSeconds + Int64(days) * 86_400 + seconds)
    }

    /// The instant this wall-clock reading names in `zone`.
    ///
    /// When the clock is set back and the reading happens twice, the earlier instant; when the
    /// clock jumps forward over it, the instant the same distance past the jump (02:30 on a
    /// spring-forward night becomes 03:30), as a wall clock that was not changed would show.
    public func instant(in zone: TimeZone) -> Date {
        let asUTC = Date(timeIntervalSince1970: TimeInterval(civilSeconds))
        let before = zone.secondsFromGMT(for: asUTC.addingTimeInterval(-86_400))
        let offsets = Set([before, zone.secondsFromGMT(for: asUTC), zone.secondsFromGMT(for: asUTC.addingTimeInterval(86_400))])
        let valid = offsets.map { asUTC.addingTimeInterval(TimeInterval(-$0)) }
            .filter { LocalDateTime($0, in: zone) == self }
        return valid.min() ?? asUTC.addingTimeInterval(TimeInterval(-before))
    }

    /// `2026-03-29 09:00` (seconds shown only when not zero).
    public var description: String {
        let (y, m, d) = date
        let s = secondOfDay
        var out = String(format: "%04d-%02d-%02d %02d:%02d", y, m, d, s / 3600, s / 60 % 60)
        if s % 60 != 0 { out += String(format: ":%02d", s % 60) }
        return out
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool { lhs.civilSeconds < rhs.civilSeconds }

    // Days between 1970-01-01 and a proleptic Gregorian date, by the usual era arithmetic.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 { let q = self / d; return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q }
    func floorMod(_ d: Int64) -> Int64 { self - floorDiv(d) * d }
}
