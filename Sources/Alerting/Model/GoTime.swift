import Foundation

/// Timestamps as Go's `time.Time` marshals them to JSON (RFC 3339 with up to nanosecond
/// digits, trailing zeros trimmed, `Z` for UTC), which Alertmanager's payloads and API use.
public enum GoTime {
    /// Go's zero time, 0001-01-01T00:00:00Z: what a firing alert's `endsAt` shows.
    public static let zero = Date(timeIntervalSince1970: -62_135_596_800)

    /// `time.RFC3339Nano` as `time.Time.MarshalJSON` writes it: fractional seconds without
    /// trailing zeros, none on a whole second. A `Date` holds about 0.1 µs of precision at
    /// today's epoch, so digits below the microsecond are rounded away.
    public static func format(_ date: Date) -> String {
        if date == zero { return "0001-01-01T00:00:00Z" }
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let (seconds, fraction) = Int64(micros).quotientAndRemainder(dividingBy: 1_000_000)
        let (wholeSeconds, micro) = fraction < 0 ? (seconds - 1, fraction + 1_000_000) : (seconds, fraction)
        let civil = Civil(unixSeconds: wholeSeconds)
        var text = "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
            + "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2))"
        if micro != 0 {
            var digits = pad(Int(micro) * 1000, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    /// `time.RFC1123Z` (`Mon, 02 Jan 2006 15:04:05 -0700`) in UTC: the email `Date` header.
    public static func rfc1123Z(_ date: Date) -> String {
        let civil = Civil(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        return "\(weekdays[civil.weekday]), \(pad(civil.day, 2)) \(months[civil.month - 1]) \(pad(civil.year, 4)) "
            + "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2)) +0000"
    }

    /// Parses RFC 3339 with optional fractional seconds and a `Z` or `±hh:mm` offset.
    public static func parse(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= scalars.count else { return nil }
            var value = 0
            for i in from..<from + count {
                let c = scalars[i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard scalars.count >= 20, let year = number(0, 4), scalars[4] == 45, let month = number(5, 2), scalars[7] == 45,
              let day = number(8, 2), scalars[10] == 84 || scalars[10] == 116 || scalars[10] == 32,
              let hour = number(11, 2), scalars[13] == 58, let minute = number(14, 2), scalars[16] == 58,
              let second = number(17, 2), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                fraction += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        var offset = 0
        guard index < scalars.count else { return nil }
        if scalars[index] == 90 || scalars[index] == 122 {
            index += 1
        } else if scalars[index] == 43 || scalars[index] == 45 {
            guard let oh = number(index + 1, 2), scalars.count > index + 3, scalars[index + 3] == 58,
                  let om = number(index + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (scalars[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == scalars.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    static func parse<K: CodingKey>(_ text: String, at container: KeyedDecodingContainer<K>, key: K) throws -> Date {
        guard let date = parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "invalid RFC 3339 time \"\(text)\"")
        }
        return date
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// A proleptic Gregorian date and time of day in UTC (days-from-civil, inverted).
    private struct Civil {
        var year, month, day, hour, minute, second, weekday: Int

        init(unixSeconds: Int64) {
            let (rawDays, rawSeconds) = unixSeconds.quotientAndRemainder(dividingBy: 86_400)
            let days = rawSeconds < 0 ? rawDays - 1 : rawDays
            let secondOfDay = Int(rawSeconds < 0 ? rawSeconds + 86_400 : rawSeconds)
            hour = secondOfDay / 3600
            minute = secondOfDay % 3600 / 60
            second = secondOfDay % 60
            weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday
            let shifted = days + 719_468
            let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
            month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
            year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        }
    }
}
