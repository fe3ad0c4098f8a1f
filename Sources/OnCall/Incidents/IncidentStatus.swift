/// Where an incident is in its life. Statuses only move forward; `resolved` is final.
public enum IncidentStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case triggered, acknowledged, investigating, mitigated, resolved

    private var rank: Int { IncidentStatus.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: IncidentStatus, b: IncidentStatus) -> Bool { a.rank < b.rank }
    public var description: String { rawValue }

    /// The verb for moving an incident into this status, for messages.
    var verb: String {
        switch self {
        case .triggered: "re-trigger"
        case .acknowledged: "acknowledge"
        case .investigating: "start investigating"
        case .mitigated: "mark as mitigated"
        case .resolved: "resolve"
        }
    }
}
