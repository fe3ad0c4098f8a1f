import Foundation
import VigilCore

/// Work owed after an incident (hold the post-mortem, write the report), with its due date.
public struct FollowUpTask: Sendable, Hashable, Codable {
    public var task: String
    public var createdAt: Date
    public var dueAt: Date
    public var doneAt: Date?
    public var doneBy: UserID?
    /// When Vigil told the severity's receivers that this task is overdue (once).
    public var overdueNotifiedAt: Date?

    public init(task: String, createdAt: Date, dueAt: Date) {
        self.task = task
        self.createdAt = createdAt
        self.dueAt = dueAt
    }

    public var isDone: Bool { doneAt != nil }
    /// Not done and past its due date at `now`.
    public func isOverdue(at now: Date) -> Bool { doneAt == nil && now > dueAt }
}
