import VigilCore

/// A day of the week, Monday first (ISO 8601), written in lower case in config.
public enum Weekday: String, CaseIterable, Hashable, Sendable, Codable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let day = Weekday(rawValue: text.lowercased()) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown weekday \(quoteGoString(text)), expected one of monday … sunday")
        }
        self = day
    }
}

