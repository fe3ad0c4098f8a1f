import Foundation
import VigilConfig
import VigilCore

/// `oncall.schedules[].overrides[]`: `user` is on call instead of the layers from `start`
/// (inclusive) to `end` (exclusive). Times without an offset are read in the schedule's zone.
public struct ScheduleOverride: Sendable, Hashable {
    public var user: UserID
    public var start: Date
    public var end: Date

    public init(user: UserID, start: Date, end: Date) {
        self.user = user
        self.start = start
        self.end = end
    }

    public func covers(_ instant: Date) -> Bool { start <= instant && instant < end }
    public func overlaps(_ other: ScheduleOverride) -> Bool { start < other.end && other.start < end }
}

/// An override as written, before the schedule's zone is known.
struct ScheduleOverrideText: Decodable {
    var user: UserID
    var start: DateTimeText
    var end: DateTimeText

    enum CodingKeys: String, CodingKey, CaseIterable { case user, start, end }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "override")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        user = try c.decode(UserID.self, forKey: .user)
        start = try c.decodeDateTime(forKey: .start)
        end = try c.decodeDateTime(forKey: .end)
    }
}

extension KeyedDecodingContainer {
    func decodeDateTime(forKey key: Key) throws -> DateTimeText {
        let text = try decode(String.self, forKey: key)
        guard let value = DateTimeText(parsing: text) else {
            throw invalid(key, "invalid time \(quoteGoString(text)), expected 2026-03-28 09:00 or 2026-03-28T09:00:00+01:00")
        }
        return value
    }
}
