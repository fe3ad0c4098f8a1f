import Foundation
import VigilConfig
import VigilCore

/// `business_hours` of a severity policy: the weekly window in which people are expected to
/// respond. With `page_outside: false`, response clocks only run inside it (seed 001's
/// "info: within 4 hours during business hours") and paging waits for it to open.
///
/// ```yaml
/// business_hours: {time_zone: Europe/Berlin, days: [monday, tuesday, wednesday, thursday, friday],
///                  start: "09:00", end: "17:00", page_outside: false}
/// ```
public struct BusinessHours: Sendable, Hashable, Decodable {
    public var timeZone: TimeZone
    public var days: Set<Weekday>
    public var start: WallClockTime
    public var end: WallClockTime
    /// Whether incidents page (and SLA clocks run) outside the window too.
    public var pageOutside: Bool

    public init(timeZone: TimeZone, days: Set<Weekday>, start: WallClockTime, end: WallClockTime, pageOutside: Bool = false) {
        self.timeZone = timeZone
        self.days = days
        self.start = start
        self.end = end
        self.pageOutside = pageOutside
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case timeZone = "time_zone", days, start, end, pageOutside = "page_outside" }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "business_hours")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let zone = try c.decodeTimeZone(forKey: .timeZone) else { throw c.invalid(.timeZone, "missing required field \"time_zone\"") }
        timeZone = zone
        days = Set(try c.decode([Weekday].self, forKey: .days, default: [.monday, .tuesday, .wednesday, .thursday, .friday]))
        if days.isEmpty { throw c.invalid(.days, "business_hours needs at least one day") }
        start = try c.decode(WallClockTime.self, forKey: .start, default: WallClockTime(hour: 9))
        end = try c.decode(WallClockTime.self, forKey: .end, default: WallClockTime(hour: 17))
        if end <= start { throw c.invalid(.end, "end \(end) must be after start \(start)") }
        pageOutside = try c.decode(Bool.self, forKey: .pageOutside, default: false)
    }

    /// The business windows that end after `from`, in order, one per business day; the first
    /// one may already be open at `from`. Looks at most `maxDays` days ahead.
    func windows(from: Date, maxDays: Int = 400) -> [(start: Date, end: Date)] {
        let today = LocalDateTime(from, in: timeZone)
        var out: [(Date, Date)] = []
        for offset in -1...maxDays {
            let midnight = LocalDateTime(civilSeconds: Int64(today.day + offset) * 86_400)
            guard days.contains(midnight.weekday) else { continue }
            let open = midnight.adding(seconds: Int64(start.secondOfDay)).instant(in: timeZone)
            let close = midnight.adding(seconds: Int64(end.secondOfDay)).instant(in: timeZone)
            if close > from { out.append((open, close)) }
            if out.count > 400 { break }
        }
        return out
    }

    /// Whether `instant` falls inside a business window.
    public func contains(_ instant: Date) -> Bool {
        guard let first = windows(from: instant, maxDays: 1).first else { return false }
        return first.start <= instant && instant < first.end
    }

    /// `instant` itself when inside a window, otherwise the next opening.
    public func nextOpen(atOrAfter instant: Date) -> Date {
        guard let first = windows(from: instant, maxDays: 8).first else { return instant }
        return max(first.start, instant)
    }

    /// The instant at which `duration` seconds of business time have passed since `instant`.
    public func adding(_ duration: TimeInterval, to instant: Date) -> Date {
        var remaining = duration
        var cursor = instant
        for window in windows(from: instant) {
            let begin = max(window.start, cursor)
            let available = window.end.timeIntervalSince(begin)
            if remaining <= available { return begin.addingTimeInterval(remaining) }
            remaining -= available
            cursor = window.end
        }
        return cursor.addingTimeInterval(remaining)
    }
}
