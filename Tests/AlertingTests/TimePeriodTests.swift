import Alerting
import Foundation
import Testing
import VigilConfig

/// `time_intervals` decide muting by wall-clock fields in their time zone.
@Suite struct TimePeriodTests {
    static func period(_ yaml: String) throws -> TimePeriod {
        try YAMLLoader(file: nil).decode(TimePeriod.self, from: yaml)
    }

    // 2023-11-14T22:13:20Z is a Tuesday.
    static let tuesdayLate = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("matches like Alertmanager's time intervals", arguments: [
        ("weekdays: ['monday:friday']", true),
        ("weekdays: [saturday, sunday]", false),
        ("times: [{start_time: '09:00', end_time: '17:00'}]", false),
        ("times: [{start_time: '22:00', end_time: '23:00'}]", true),
        ("times: [{start_time: '09:00', end_time: '17:00'}]\nlocation: Asia/Tokyo", false),  // 07:13 in Tokyo
        ("times: [{start_time: '07:00', end_time: '08:00'}]\nlocation: Asia/Tokyo", true),
        ("weekdays: [wednesday]\nlocation: Asia/Tokyo", true),
        ("days_of_month: ['-17']", true),   // 14 = 30 - 17 + 1
        ("days_of_month: ['1:7']", false),
        ("months: [november]", true),
        ("months: ['1:3']", false),
        ("years: ['2023']", true),
    ])
    func contains(yaml: String, expected: Bool) throws {
        #expect(try Self.period(yaml).contains(Self.tuesdayLate) == expected)
    }

    @Test("refuses bad intervals", arguments: [
        ("times: [{start_time: '17:00', end_time: '09:00'}]", "start time cannot be equal or greater than end time"),
        ("times: [{start_time: '25:00', end_time: '26:00'}]", #"couldn't parse timestamp "25:00", invalid format"#),
        ("weekdays: [funday]", #""funday" is not a valid weekdays value"#),
        ("location: Mars/Olympus", #"unknown time zone "Mars/Olympus""#),
        ("days_of_month: ['0']", "0 is not a valid day of the month"),
    ])
    func refuses(yaml: String, message: String) {
        do {
            _ = try Self.period(yaml)
            Issue.record("accepted \(yaml)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
