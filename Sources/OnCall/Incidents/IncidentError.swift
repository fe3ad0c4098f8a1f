import VigilCore

/// Why an incident refused a change. The incident is left exactly as it was.
public enum IncidentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status cannot move from `from` to `to` (backwards, sideways, or out of `resolved`).
    case invalidTransition(IncidentID, from: IncidentStatus, to: IncidentStatus)
    /// A root cause outside the configured categories.
    case unknownRootCause(IncidentID, RootCauseCategory, allowed: [RootCauseCategory])
    /// An alert cannot join a resolved incident; it opens a new one.
    case closed(IncidentID)
    /// No follow-up task at this 0-based index.
    case unknownFollowUp(IncidentID, index: Int)
    /// The follow-up task was already done.
    case followUpAlreadyDone(IncidentID, index: Int)

    public var description: String {
        switch self {
        case .invalidTransition(let id, let from, let to):
            from == to ? "incident \(quoteGoString(id.rawValue)) is already \(from)"
                : "cannot \(to.verb) incident \(quoteGoString(id.rawValue)): it is \(from)"
        case .unknownRootCause(let id, let category, let allowed):
            "unknown root cause category \(quoteGoString(category.rawValue)) for incident \(quoteGoString(id.rawValue)) (categories: "
                + allowed.map(\.rawValue).joined(separator: ", ") + ")"
        case .closed(let id):
            "incident \(quoteGoString(id.rawValue)) is resolved: a new alert opens a new incident"
        case .unknownFollowUp(let id, let index):
            "incident \(quoteGoString(id.rawValue)) has no follow-up \(index + 1)"
        case .followUpAlreadyDone(let id, let index):
            "follow-up \(index + 1) of incident \(quoteGoString(id.rawValue)) is already done"
        }
    }
}
