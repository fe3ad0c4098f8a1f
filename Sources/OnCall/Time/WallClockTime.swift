/// A time of day on a wall clock, `HH:MM` or `HH:MM:SS`; `24:00` ends a day.
public struct WallClockTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Seconds since midnight, 0...86400.
    public var secondOfDay: Int

    public init(hour: Int, minute: Int = 0, second: Int = 0) { secondOfDay = hour * 3600 + minute * 60 + second }

    /// Parses `09:00`, `9:30`, `17:45:10` or `24:00`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), parts[1].count == 2 else { return nil }
        let second = parts.count == 3 ? Int(parts[2]) : 0
        guard let second, (0..<60).contains(minute), (0..<60).contains(second), (0...24).contains(hour),
              hour < 24 || (minute == 0 && second == 0) else { return nil }
        self.init(hour: hour, minute: minute, second: second)
    }

    public var description: String {
        let base = "\(secondOfDay / 3600 < 10 ? "0" : "")\(secondOfDay / 3600):\(secondOfDay / 60 % 60 < 10 ? "0" : "")\(secondOfDay / 60 % 60)"
        return secondOfDay % 60 == 0 ? base : base + ":\(secondOfDay % 60 < 10 ? "0" : "")\(secondOfDay % 60)"
    }

    public static func < (lhs: WallClockTime, rhs: WallClockTime) -> Bool { lhs.secondOfDay < rhs.secondOfDay }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let time = WallClockTime(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "invalid time of day \"\(text)\", expected HH:MM")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
