import Foundation
import VigilCore

extension RotationLayer {
    /// Shift length in wall-clock seconds (a day is 86,400 of them whatever DST does).
    var civilLength: Int64 { shiftLength.milliseconds / 1000 }

    /// When shift `index` (0 = the first) starts, as an instant in `zone`.
    public func handoff(_ index: Int64, in zone: TimeZone) -> Date {
        start.adding(seconds: index * civilLength).instant(in: zone)
    }

    /// The shift covering `instant`, or nil before the first hand-off, after `end`, or with no members.
    public func shiftIndex(at instant: Date, in zone: TimeZone) -> Int64? {
        guard !members.isEmpty, instant >= handoff(0, in: zone) else { return nil }
        if let end, instant >= end.instant(in: zone) { return nil }
        var index = (LocalDateTime(instant, in: zone).civilSeconds - start.civilSeconds).floorDiv(civilLength)
        // The wall-clock estimate can be one off around a DST change; settle on real instants.
        while index > 0, handoff(index, in: zone) > instant { index -= 1 }
        while handoff(index + 1, in: zone) <= instant { index += 1 }
        return index
    }

    /// Who is on call in this layer at `instant`, if the layer covers it.
    public func member(at instant: Date, in zone: TimeZone) -> UserID? {
        shiftIndex(at: instant, in: zone).map { members[Int($0.floorMod(Int64(members.count)))] }
    }

    /// Instants in `(from, to)` where this layer's coverage may change: hand-offs and its end.
    func changes(from: Date, to: Date, in zone: TimeZone, limit: Int = 100_000) -> [Date] {
        var out: [Date] = []
        let first = handoff(0, in: zone)
        if first > from, first < to { out.append(first) }
        var index = max(0, shiftIndex(at: from, in: zone) ?? 0)
        while out.count < limit {
            index += 1
            let next = handoff(index, in: zone)
            if next >= to { break }
            if next > from { out.append(next) }
        }
        if let end = end?.instant(in: zone), end > from, end < to { out.append(end) }
        return out
    }
}
