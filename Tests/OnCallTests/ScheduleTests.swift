import Foundation
import OnCall
import Testing
import VigilCore

/// Who is on call, across layers, overrides and DST weekends in Berlin and New York.
@Suite struct ScheduleTests {
    func schedule(_ zone: String, layers: String, overrides: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws -> ScheduleConfig {
        let config = try parse("""
            oncall:
              users: [{id: alice}, {id: bob}, {id: carol}, {id: dave}]
              schedules:
                - name: s
                  time_zone: \(zone)
                  layers:
            \(layers)
            \(overrides)
            """)
        return try #require(config.schedules.first, sourceLocation: sourceLocation)
    }

    @Test func dailyHandOffStaysAtNineThroughBerlinSpringForward() throws {
        let s = try schedule("Europe/Berlin", layers: "        - {rotation: daily, handoff: \"09:00\", start: 2026-03-27, members: [alice, bob, carol]}")
        #expect(s.onCall(at: at("2026-03-27 08:59", "Europe/Berlin")) == nil)
        #expect(s.onCall(at: at("2026-03-27 09:00", "Europe/Berlin")) == "alice")
        #expect(s.onCall(at: at("2026-03-29 08:59", "Europe/Berlin")) == "bob")
        #expect(s.onCall(at: at("2026-03-29 09:00", "Europe/Berlin")) == "carol")
        let shifts = s.shifts(from: at("2026-03-28 00:00"), to: at("2026-03-31 00:00"))
        #expect(shifts.map(\.user) == ["alice", "bob", "carol", "alice"])
        // Saturday 09:00 CET (08:00 UTC) to Sunday 09:00 CEST (07:00 UTC): a 23-hour shift.
        #expect(shifts[1].start == at("2026-03-28 08:00"))
        #expect(shifts[1].end == at("2026-03-29 07:00"))
        #expect(shifts[2].end.timeIntervalSince(shifts[2].start) == 24 * 3600)
    }

    @Test func dailyShiftIsTwentyFiveHoursOnBerlinFallBack() throws {
        let s = try schedule("Europe/Berlin", layers: "        - {rotation: daily, handoff: \"09:00\", start: 2026-10-23, members: [alice, bob]}")
        let shifts = s.shifts(from: at("2026-10-24 00:00"), to: at("2026-10-26 00:00"))
        #expect(shifts.map(\.user) == ["alice", "bob", "alice"])
        #expect(shifts[1].start == at("2026-10-24 07:00"))  // 09:00 CEST
        #expect(shifts[1].end == at("2026-10-25 08:00"))    // 09:00 CET
    }

    @Test func weeklyRotationInNewYorkAcrossBothChanges() throws {
        let s = try schedule("America/New_York",
                             layers: "        - {rotation: weekly, handoff: \"09:00\", handoff_day: monday, start: 2026-01-01, members: [alice, bob]}")
        // First hand-off: the first Monday on or after the start, 2026-01-05.
        #expect(s.onCall(at: at("2026-01-05 08:59", "America/New_York")) == nil)
        #expect(s.onCall(at: at("2026-01-05 09:00", "America/New_York")) == "alice")
        // Spring forward on Sunday 2026-03-08: the week from Mon 2 March is 167 hours long.
        let spring = s.shifts(from: at("2026-03-03 00:00"), to: at("2026-03-10 00:00"))
        #expect(spring.map(\.user) == ["alice", "bob"])
        #expect(spring[1].start == at("2026-03-09 13:00"))  // 09:00 EDT
        #expect(s.onCall(at: at("2026-03-09 08:59", "America/New_York")) == "alice")
        #expect(s.onCall(at: at("2026-03-09 09:00", "America/New_York")) == "bob")
        // Fall back on Sunday 2026-11-01: hand-off on Monday 2 November at 09:00 EST.
        let fall = s.shifts(from: at("2026-10-27 00:00"), to: at("2026-11-03 00:00"))
        #expect(fall.last?.start == at("2026-11-02 14:00"))
        #expect(fall.last.map { Int($0.start.timeIntervalSince(at("2026-10-26 13:00")).rounded()) } == 169 * 3600)  // from 09:00 EDT
    }

    @Test func twelveHourShiftsKeepLocalHandOffTimes() throws {
        let s = try schedule("Europe/Berlin",
                             layers: "        - {rotation: custom, shift_length: 12h, handoff: \"09:00\", start: 2026-03-27, members: [alice, bob]}")
        #expect(s.onCall(at: at("2026-03-29 08:59", "Europe/Berlin")) == "bob")
        #expect(s.onCall(at: at("2026-03-29 09:00", "Europe/Berlin")) == "alice")
        #expect(s.onCall(at: at("2026-03-29 20:59", "Europe/Berlin")) == "alice")
        #expect(s.onCall(at: at("2026-03-29 21:00", "Europe/Berlin")) == "bob")
        let night = s.shifts(from: at("2026-03-28 21:00"), to: at("2026-03-29 12:00"))
        #expect(night.first?.end == at("2026-03-29 07:00"))  // the short night: 21:00 CET to 09:00 CEST
    }

    @Test func higherLayerWinsWhileItCovers() throws {
        let s = try schedule("UTC", layers: """
                    - {name: base, rotation: weekly, handoff: "09:00", start: 2026-03-02, members: [alice, bob]}
                    - {name: holiday, rotation: daily, handoff: "00:00", start: 2026-03-04, end: 2026-03-06 00:00, members: [carol]}
            """)
        #expect(s.onCall(at: at("2026-03-03 12:00")) == "alice")
        #expect(s.onCall(at: at("2026-03-04 12:00")) == "carol")
        #expect(s.onCall(at: at("2026-03-06 00:00")) == "alice")
        let shifts = s.shifts(from: at("2026-03-03 00:00"), to: at("2026-03-07 00:00"))
        #expect(shifts == [
            Shift(user: "alice", start: at("2026-03-03 00:00"), end: at("2026-03-04 00:00"), source: .layer("base")),
            Shift(user: "carol", start: at("2026-03-04 00:00"), end: at("2026-03-06 00:00"), source: .layer("holiday")),
            Shift(user: "alice", start: at("2026-03-06 00:00"), end: at("2026-03-07 00:00"), source: .layer("base")),
        ])
    }

    @Test func overrideBeatsEveryLayer() throws {
        let s = try schedule("Europe/Berlin", layers: """
                    - {rotation: weekly, handoff: "09:00", start: 2026-03-02, members: [alice, bob]}
            """, overrides: """
                  overrides:
                    - {user: dave, start: 2026-03-28 18:00, end: 2026-03-29 12:00}
            """)
        #expect(s.onCall(at: at("2026-03-28 17:59", "Europe/Berlin")) == "bob")
        #expect(s.onCall(at: at("2026-03-28 18:00", "Europe/Berlin")) == "dave")
        #expect(s.onCall(at: at("2026-03-29 12:00", "Europe/Berlin")) == "bob")
        let shifts = s.shifts(from: at("2026-03-28 00:00", "Europe/Berlin"), to: at("2026-03-30 00:00", "Europe/Berlin"))
        #expect(shifts.map(\.user) == ["bob", "dave", "bob"])
        #expect(shifts[1].source == .override)
        #expect(shifts[1].end.timeIntervalSince(shifts[1].start) == 17 * 3600)  // 18 wall-clock hours minus the skipped one
    }

    @Test func wallClockTimesInDSTGapsAndOverlaps() {
        let ny = TimeZone(identifier: "America/New_York")!
        // 02:30 does not exist on 2026-03-08: it reads as 03:30 EDT.
        #expect(LocalDateTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30).instant(in: ny) == at("2026-03-08 07:30"))
        // 01:30 happens twice on 2026-11-01: the first, EDT, is taken.
        #expect(LocalDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30).instant(in: ny) == at("2026-11-01 05:30"))
        #expect(LocalDateTime(at("2026-11-01 06:30"), in: ny).description == "2026-11-01 01:30")
    }
}
