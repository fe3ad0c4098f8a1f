import Foundation
import VigilConfig
import VigilCore

/// One `time_intervals` entry of a named interval: a time is inside when every field that is
/// set matches it, in `location`'s time zone (UTC by default). Ranges are inclusive except
/// `times`, whose end minute is exclusive, as in Alertmanager's `timeinterval` package.
public struct TimePeriod: Sendable, Hashable, Codable {
    public var times: [MinuteRange] = []
    public var weekdays: [InclusiveRange] = []     // 0 = Sunday
    public var daysOfMonth: [InclusiveRange] = []  // negative counts from the month's end
    public var months: [InclusiveRange] = []       // 1 = January
    public var years: [InclusiveRange] = []
    public var location: String?

    public struct MinuteRange: Sendable, Hashable, Codable {
        public var start: Int  // minutes since midnight, inclusive
        public var end: Int    // exclusive
        public init(start: Int, end: Int) { self.start = start; self.end = end }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case times, weekdays, daysOfMonth = "days_of_month", months, years, location
    }

    enum TimeKeys: String, CodingKey, CaseIterable { case startTime = "start_time", endTime = "end_time" }

    private static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    private static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                                     "september", "october", "november", "december"]

    public init() {}

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "time_interval")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.times) {
            var list = try c.nestedUnkeyedContainer(forKey: .times)
            while !list.isAtEnd {
                let itemDecoder = try list.superDecoder()
                try itemDecoder.rejectUnknownKeys(TimeKeys.self, in: "time_range")
                let item = try itemDecoder.container(keyedBy: TimeKeys.self)
                let start = try TimePeriod.minutes(try item.decode(String.self, forKey: .startTime), item, .startTime)
                let end = try TimePeriod.minutes(try item.decode(String.self, forKey: .endTime), item, .endTime)
                if start >= end { throw item.invalid(.startTime, "start time cannot be equal or greater than end time") }
                times.append(MinuteRange(start: start, end: end))
            }
        }
        weekdays = try TimePeriod.ranges(c, .weekdays, names: TimePeriod.weekdayNames, base: 0, bounds: 0...6)
        daysOfMonth = try TimePeriod.ranges(c, .daysOfMonth, names: [], base: 1, bounds: -31...31)
        for range in daysOfMonth where range.lower == 0 || range.upper == 0 {
            throw c.invalid(.daysOfMonth, "0 is not a valid day of the month")
        }
        months = try TimePeriod.ranges(c, .months, names: TimePeriod.monthNames, base: 1, bounds: 1...12)
        years = try TimePeriod.ranges(c, .years, names: [], base: 0, bounds: 0...9999)
        location = try c.decodeIfPresent(String.self, forKey: .location)
        if let location, TimeZone(identifier: location) == nil {
            throw c.invalid(.location, "unknown time zone \(quoteGoString(location))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func clock(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        if !times.isEmpty { try c.encode(times.map { ["start_time": clock($0.start), "end_time": clock($0.end)] }, forKey: .times) }
        func text(_ ranges: [InclusiveRange]) -> [String] {
            ranges.map { $0.lower == $0.upper ? "\($0.lower)" : "\($0.lower):\($0.upper)" }
        }
        if !weekdays.isEmpty { try c.encode(weekdays.map { r in
            r.lower == r.upper ? TimePeriod.weekdayNames[r.lower]
                : "\(TimePeriod.weekdayNames[r.lower]):\(TimePeriod.weekdayNames[r.upper])" }, forKey: .weekdays) }
        if !daysOfMonth.isEmpty { try c.encode(text(daysOfMonth), forKey: .daysOfMonth) }
        if !months.isEmpty { try c.encode(text(months), forKey: .months) }
        if !years.isEmpty { try c.encode(text(years), forKey: .years) }
        try c.encodeIfPresent(location, forKey: .location)
    }

    private static func minutes(_ text: String, _ c: KeyedDecodingContainer<TimeKeys>, _ key: TimeKeys) throws -> Int {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m),
              h * 60 + m <= 1440 else {
            throw c.invalid(key, "couldn't parse timestamp \(quoteGoString(text)), invalid format")
        }
        return h * 60 + m
    }

    private static func ranges(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, names: [String], base: Int,
                               bounds: ClosedRange<Int>) throws -> [InclusiveRange] {
        try c.decode([String].self, forKey: key, default: []).map { text in
            func value(_ part: Substring) throws -> Int {
                let lower = part.lowercased()
                if let index = names.firstIndex(of: lower) { return index + base }
                guard let number = Int(lower), bounds.contains(number) else {
                    throw c.invalid(key, "\(quoteGoString(String(part))) is not a valid \(key.rawValue) value")
                }
                return number
            }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 1 || parts.count == 2 else { throw c.invalid(key, "invalid range \(quoteGoString(text))") }
            let low = try value(parts[0]), high = try value(parts.count == 2 ? parts[1] : parts[0])
            // Mixed signs (`1:-1`, first to last day) are resolved per month in `contains`.
            if low > high, !(low > 0 && high < 0) {
                throw c.invalid(key, "start cannot be greater than end in \(quoteGoString(text))")
            }
            return InclusiveRange(low, high)
        }
    }

    /// Whether `date` falls inside this interval.
    public func contains(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = location.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day, let weekday = parts.weekday,
              let hour = parts.hour, let minute = parts.minute else { return false }
        if !times.isEmpty {
            let m = hour * 60 + minute
            if !times.contains(where: { $0.start <= m && m < $0.end }) { return false }
        }
        if !weekdays.isEmpty, !weekdays.contains(where: { $0.contains(weekday - 1) }) { return false }
        if !daysOfMonth.isEmpty {
            let daysInMonth = calendar.range(of: .day, in: .month, for: date)?.count ?? 31
            let matches = daysOfMonth.contains { range in
                let low = range.lower < 0 ? daysInMonth + range.lower + 1 : range.lower
                let high = range.upper < 0 ? daysInMonth + range.upper + 1 : range.upper
                return low <= day && day <= high
            }
            if !matches { return false }
        }
        if !months.isEmpty, !months.contains(where: { $0.contains(month) }) { return false }
        if !years.isEmpty, !years.contains(where: { $0.contains(year) }) { return false }
        return true
    }
}

/// A named set of intervals (`time_intervals` / `mute_time_intervals` entry).
public struct NamedTimeInterval: Sendable, Hashable, Codable {
    public var name: String
    public var timeIntervals: [TimePeriod]

    enum CodingKeys: String, CodingKey, CaseIterable { case name, timeIntervals = "time_intervals" }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "time_interval")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        if name.isEmpty { throw c.invalid(.name, "missing name in time interval") }
        timeIntervals = try c.decode([TimePeriod].self, forKey: .timeIntervals, default: [])
    }

    public func contains(_ date: Date) -> Bool { timeIntervals.contains { $0.contains(date) } }
}

/// A range with both ends included; unlike `ClosedRange` it may hold `1...-1` for days of the month.
public struct InclusiveRange: Sendable, Hashable, Codable {
    public var lower: Int
    public var upper: Int
    public init(_ lower: Int, _ upper: Int) { self.lower = lower; self.upper = upper }
    public func contains(_ value: Int) -> Bool { lower <= value && value <= upper }
}
