import Foundation

/// Time formats as Go prints them, in UTC.
enum GoTime {
    /// Go's zero `time.Time` in JSON: what Alertmanager sends as `endsAt` of a firing alert.
    static let zero = "0001-01-01T00:00:00Z"

    /// `time.RFC3339Nano` as `time.Time.MarshalJSON` writes it: fractional seconds without
    /// trailing zeros, none at all on a whole second. A `Date` is a `Double`, so digits below the
    /// microsecond are noise and are rounded away.
    static func rfc3339Nano(_ date: Date) -> String {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let (seconds, fraction) = Int64(micros).quotientAndRemainder(dividingBy: 1_000_000)
        let (wholeSeconds, micro) = fraction < 0 ? (seconds - 1, fraction + 1_000_000) : (seconds, fraction)
        let civil = Civil(unixSeconds: wholeSeconds)
        var text =
            "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
            + "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2))"
        if micro != 0 {
            var digits = pad(Int(micro) * 1000, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    /// `time.RFC1123Z` (`Mon, 02 Jan 2006 15:04:05 -0700`) in UTC: the email `Date` header.
    static func rfc1123Z(_ date: Date) -> String {
        let civil = Civil(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        return "\(weekdays[civil.weekday]), \(pad(civil.day, 2)) \(months[civil.month - 1]) \(pad(civil.year, 4)) "
            + "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2)) +0000"
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
