import Foundation
import VigilCore

/// A point in time as written in config: either a wall-clock reading in the surrounding
/// schedule's zone (`2026-03-28 09:00`, `2026-03-28T09:00`) or an instant with an offset
/// (`2026-03-28T09:00:00Z`, `2026-03-28T09:00+01:00`).
public enum DateTimeText: Hashable, Sendable {
    case local(LocalDateTime)
    case instant(Date)

    /// The instant named, reading a local time in `zone`.
    public func instant(in zone: TimeZone) -> Date {
        switch self {
        case .local(let local): local.instant(in: zone)
        case .instant(let date): date
        }
    }

    /// Parses the forms above, and a bare date (`2026-03-28`) as midnight. Nil when malformed.
    public init?(parsing raw: String) {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces))
        guard let date = DateTimeText.date(&text) else { return nil }
        if text.isEmpty { self = .local(LocalDateTime(year: date.0, month: date.1, day: date.2)); return }
        guard text.first == " " || text.first == "T" else { return nil }
        text = text.dropFirst()
        var offset: Int?
        if text.hasSuffix("Z") {
            offset = 0
            text = text.dropLast()
        } else if let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let zone = WallClockTime(parsing: String(text[text.index(after: sign)...])) else { return nil }
            offset = (text[sign] == "-" ? -1 : 1) * zone.secondOfDay
            text = text[..<sign]
        }
        guard let time = WallClockTime(parsing: String(text)), time.secondOfDay < 86_400 else { return nil }
        let local = LocalDateTime(year: date.0, month: date.1, day: date.2, secondOfDay: time.secondOfDay)
        if let offset {
            self = .instant(Date(timeIntervalSince1970: TimeInterval(local.civilSeconds - Int64(offset))))
        } else {
            self = .local(local)
        }
    }

    private static func date(_ text: inout Substring) -> (Int, Int, Int)? {
        let head = text.prefix(10)
        let parts = head.split(separator: "-")
        guard head.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        // Reject 2026-02-30 and friends: the day must survive a round trip.
        guard LocalDateTime(year: y, month: m, day: d).date == (y, m, d) else { return nil }
        text = text.dropFirst(10)
        return (y, m, d)
    }
}
