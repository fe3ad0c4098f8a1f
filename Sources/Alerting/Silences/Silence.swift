import Foundation
import VigilCore

/// Mutes every alert its matchers select between `startsAt` and `endsAt`.
public struct Silence: Sendable, Hashable, Identifiable {
    public var id: String
    public var matchers: [LabelMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var updatedAt: Date
    public var createdBy: String
    public var comment: String

    public init(id: String, matchers: [LabelMatcher], startsAt: Date, endsAt: Date, updatedAt: Date, createdBy: String,
                comment: String) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.comment = comment
    }

    public enum State: String, Sendable, Hashable, Codable { case expired, active, pending }

    public func state(at now: Date) -> State {
        if endsAt <= now { return .expired }
        if startsAt <= now { return .active }
        return .pending
    }

    /// Whether the silence mutes `labels` at `now`.
    public func mutes(_ labels: Labels, at now: Date) -> Bool {
        state(at: now) == .active && matchers.matches(labels)
    }

    /// The checks Alertmanager's `validateSilence` makes, in its words.
    public func validate() throws(SilenceError) {
        if id.isEmpty { throw .invalid("ID missing") }
        if matchers.isEmpty { throw .invalid("at least one matcher required") }
        for matcher in matchers where !LabelName.isValid(matcher.name) {
            throw .invalid("invalid label matcher 0: invalid label name \(quoteGoString(matcher.name))")
        }
        if matchers.allSatisfy(\.matchesEmpty) {
            throw .invalid("at least one matcher must not match the empty string")
        }
        if endsAt < startsAt { throw .invalid("end time must not be before start time") }
        if createdBy.isEmpty { throw .invalid("creator information missing") }
        if comment.isEmpty { throw .invalid("comment missing") }
    }
}

/// Why a silence request was refused.
public enum SilenceError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(String)
    case notFound(String)
    case alreadyExpired(String)

    public var description: String {
        switch self {
        case .invalid(let message): "invalid silence: \(message)"
        case .notFound(let id): "silence \(id) not found"
        case .alreadyExpired(let id): "silence \(id) already expired"
        }
    }
}
