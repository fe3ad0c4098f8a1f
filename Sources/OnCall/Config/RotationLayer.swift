import Foundation
import VigilConfig
import VigilCore

/// One layer of a schedule (`oncall.schedules[].layers[]`): members take turns in order, each
/// for one shift, handing off at a wall-clock time in the schedule's zone.
///
/// ```yaml
/// - name: weekly
///   rotation: weekly        # daily | weekly | custom (then shift_length: 12h, 3d …)
///   handoff: "09:00"
///   handoff_day: monday     # weekly only
///   start: 2026-01-05       # the first shift starts here, at the hand-off time
///   members: [alice, bob]
/// ```
public struct RotationLayer: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable { case daily, weekly, custom }

    public var name: String
    public var kind: Kind
    /// Length of one shift: whole days are calendar days (a DST day is 23 or 25 hours long);
    /// otherwise wall-clock hours, so 12-hour shifts keep handing off at the same local times.
    public var shiftLength: PromDuration
    public var handoff: WallClockTime
    /// The first shift's start, wall clock in the schedule's zone.
    public var start: LocalDateTime
    /// When the layer stops covering; nil for never.
    public var end: DateTimeText?
    public var members: [UserID]

    public init(name: String, kind: Kind, shiftLength: PromDuration? = nil, handoff: WallClockTime,
                start: LocalDateTime, members: [UserID]) {
        self.name = name
        self.kind = kind
        self.shiftLength = shiftLength ?? (kind == .weekly ? .hours(24 * 7) : .hours(24))
        self.handoff = handoff
        self.start = start
        self.members = members
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, rotation, shiftLength = "shift_length", handoff, handoffDay = "handoff_day", start, end, members
    }
}

extension RotationLayer: Decodable {
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "layer")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name, default: "")
        let kindText = try c.decode(String.self, forKey: .rotation)
        guard let kind = Kind(rawValue: kindText) else {
            throw c.invalid(.rotation, "unknown rotation \(quoteGoString(kindText)), expected daily, weekly or custom")
        }
        self.kind = kind
        handoff = try c.decode(WallClockTime.self, forKey: .handoff, default: WallClockTime(hour: 9))
        if handoff.secondOfDay >= 86_400 { throw c.invalid(.handoff, "handoff must be before 24:00") }
        switch kind {
        case .daily: shiftLength = .hours(24)
        case .weekly: shiftLength = .hours(24 * 7)
        case .custom:
            guard c.contains(.shiftLength) else { throw c.invalid(.rotation, "a custom rotation needs shift_length") }
            shiftLength = try c.decode(PromDuration.self, forKey: .shiftLength)
            if shiftLength.milliseconds < 3_600_000 || shiftLength.milliseconds % 60_000 != 0 {
                throw c.invalid(.shiftLength, "shift_length must be whole minutes and at least 1h")
            }
        }
        if kind != .custom, c.contains(.shiftLength) {
            throw c.invalid(.shiftLength, "shift_length is only for rotation: custom")
        }
        let startText = try c.decode(String.self, forKey: .start)
        guard case .local(let startDay)? = DateTimeText(parsing: startText), startDay.secondOfDay == 0 else {
            throw c.invalid(.start, "invalid start \(quoteGoString(startText)), expected a date like 2026-01-05")
        }
        var first = startDay.adding(seconds: Int64(handoff.secondOfDay))
        if let dayText = try c.decodeIfPresent(String.self, forKey: .handoffDay) {
            guard kind == .weekly else { throw c.invalid(.handoffDay, "handoff_day is only for rotation: weekly") }
            guard let day = Weekday(rawValue: dayText.lowercased()) else {
                throw c.invalid(.handoffDay, "unknown weekday \(quoteGoString(dayText)), expected one of monday … sunday")
            }
            // The first hand-off is on that weekday, on or after `start`.
            while first.weekday != day { first = first.adding(days: 1) }
        }
        start = first
        if let endText = try c.decodeIfPresent(String.self, forKey: .end) {
            guard let end = DateTimeText(parsing: endText) else {
                throw c.invalid(.end, "invalid end \(quoteGoString(endText)), expected a time like 2026-03-28 09:00")
            }
            self.end = end
        }
        members = try c.decode([UserID].self, forKey: .members, default: [])
    }

}
