import VigilCore
/// Calendar functions over Unix-second values, in UTC: `hour`, `day_of_week`, `year`, ...
enum TimeFunctions {
    /// A UTC civil date and time computed from Unix seconds (no Foundation, no time zones).
    struct CivilTime {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, dayOfWeek: Int, dayOfYear: Int

        init(unixSeconds: Int64) {
            var days = unixSeconds / 86_400
            var rem = unixSeconds % 86_400
            if rem < 0 { rem += 86_400; days -= 1 }
            hour = Int(rem / 3600)
            minute = Int(rem % 3600 / 60)
            dayOfWeek = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4).
            // Howard Hinnant's days-to-civil.
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            day = Int(doy - (153 * mp + 2) / 5 + 1)
            month = Int(mp < 10 ? mp + 3 : mp - 9)
            year = Int(yoe + era * 400 + (month <= 2 ? 1 : 0))
            let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
            dayOfYear = cumulative[month - 1] + day + (month > 2 && CivilTime.isLeap(year) ? 1 : 0)
        }

        static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

        var daysInMonth: Int {
            switch month {
            case 2: return CivilTime.isLeap(year) ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }
    }

    static func make(_ extract: @escaping @Sendable (CivilTime) -> Int) -> FunctionImplementation {
        return { context in
            if context.args.isEmpty {
                let seconds = Double(context.time) / 1000
                let value = Double(extract(CivilTime(unixSeconds: Int64(seconds.rounded(.down)))))
                return .vector([Sample(metric: .empty, value: value, timestamp: context.time)])
            }
            var out: [Sample] = []
            for sample in context.vector(0) {
                let v = sample.value
                let value: Double
                if v.isNaN || v.isInfinite || Swift.abs(v) > 9e15 {
                    value = .nan
                } else {
                    value = Double(extract(CivilTime(unixSeconds: Int64(v.rounded(.towardZero)))))
                }
                var s = context.droppingName(sample.metric, value: value)
                s.dropName = s.dropName || sample.dropName
                out.append(s)
            }
            return .vector(out)
        }
    }

    static let table: [String: FunctionImplementation] = [
        "minute": make { $0.minute },
        "hour": make { $0.hour },
        "day_of_month": make { $0.day },
        "day_of_week": make { $0.dayOfWeek },
        "day_of_year": make { $0.dayOfYear },
        "days_in_month": make { $0.daysInMonth },
        "month": make { $0.month },
        "year": make { $0.year },
    ]
}
