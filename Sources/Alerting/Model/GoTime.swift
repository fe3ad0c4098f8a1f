import Foundation

/// Timestamps as Go's `time.Time` marshals them to JSON (RFC 3339 with up to nanosecond
/// digits, trailing zeros trimmed, `Z` for UTC), which Alertmanager's payloads and API use.
public enum GoTime {
    /// Go's zero time, 0001-01-01T00:00:00Z: what a firing alert's `endsAt` shows.
    public static let zero = Date(timeIntervalSince1970: -62_135_596_800)

    public static func format(_ date: Date) -> String {
        if date == zero { return "0001-01-01T00:00:00Z" }
        let seconds = date.timeIntervalSince1970
        var whole = seconds.rounded(.down)
        // Date holds about 0.1 µs of precision at today's epoch: print microseconds at most.
        var nanos = Int(((seconds - whole) * 1_000_000).rounded()) * 1000
        if nanos >= 1_000_000_000 { whole += 1; nanos -= 1_000_000_000 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: whole))
        var out = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0,
                         p.minute ?? 0, p.second ?? 0)
        if nanos > 0 {
            var fraction = String(format: "%09d", nanos)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            out += "." + fraction
        }
        return out + "Z"
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
}
