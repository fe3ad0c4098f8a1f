import Foundation

// The `time.Time` and `time.Duration` methods templates reach for: `(toTime 0).Year`,
// `.StartsAt.Unix`, `(since .StartsAt).Minutes`, `.StartsAt.Format "15:04"`.

extension TemplateTime {
    private static func moment(_ value: TemplateValue) -> TemplateTime {
        if case .time(let time) = value { return time }
        return TemplateTime(Date(timeIntervalSince1970: 0))
    }

    private static func part(_ read: @escaping @Sendable (TemplateTime) -> TemplateValue) -> TemplateMethod {
        TemplateMethod { receiver, _ in read(moment(receiver)) }
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// `time.Time`, printed by its `String()` method.
    static let type = TemplateType(
        name: "time.Time",
        methods: [
            "Year": part { .int($0.parts.year) },
            "Month": part { .string(monthNames[$0.parts.month - 1]) },
            "Day": part { .int($0.parts.day) },
            "Hour": part { .int($0.parts.hour) },
            "Minute": part { .int($0.parts.minute) },
            "Second": part { .int($0.parts.second) },
            "Nanosecond": part { .int($0.parts.nanosecond) },
            "YearDay": part { .int($0.parts.dayOfYear) },
            "Unix": part { .int(Int($0.date.timeIntervalSince1970.rounded(.down))) },
            "UnixMilli": part { .int(Int(($0.date.timeIntervalSince1970 * 1000).rounded(.down))) },
            "UTC": part { .time(TemplateTime($0.date)) },
            "IsZero": part { .bool($0.date.timeIntervalSince1970 == -62_135_596_800) },
            "String": part { .string($0.goDescription) },
            "Format": TemplateMethod(arity: 1) { receiver, arguments in
                .string(moment(receiver).format(goLayout: try arguments.string(at: 0)))
            },
        ],
        stringer: { moment($0).goDescription })

    private static func nanoseconds(_ value: TemplateValue) -> Int64 {
        if case .duration(let nanoseconds) = value { return nanoseconds }
        return 0
    }

    /// `time.Duration`, printed by its `String()` method (`1h2m3s`).
    static let durationType = TemplateType(
        name: "time.Duration",
        methods: [
            "Hours": TemplateMethod { receiver, _ in .float(Double(nanoseconds(receiver)) / 3.6e12) },
            "Minutes": TemplateMethod { receiver, _ in .float(Double(nanoseconds(receiver)) / 6e10) },
            "Seconds": TemplateMethod { receiver, _ in .float(Double(nanoseconds(receiver)) / 1e9) },
            "Milliseconds": TemplateMethod { receiver, _ in .int(Int(nanoseconds(receiver) / 1_000_000)) },
            "String": TemplateMethod { receiver, _ in .string(goDurationDescription(nanoseconds(receiver))) },
        ],
        stringer: { goDurationDescription(nanoseconds($0)) })
}
