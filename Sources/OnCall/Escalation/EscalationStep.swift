import Foundation
import VigilCore

/// One page an escalation ladder sends: which level, in which run of the ladder, when it is
/// due, and whom it reaches (schedules already resolved to the person on call at `dueAt`).
public struct EscalationStep: Sendable, Hashable, Codable {
    public struct ID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        /// 0-based run of the ladder (`repeat` adds runs).
        public var cycle: Int
        /// 0-based index into the policy's `levels`.
        public var level: Int
        public init(cycle: Int, level: Int) { (self.cycle, self.level) = (cycle, level) }
        public static func < (a: ID, b: ID) -> Bool { (a.cycle, a.level) < (b.cycle, b.level) }
        public var description: String { cycle == 0 ? "level \(level + 1)" : "level \(level + 1) (repeat \(cycle))" }
    }

    public var id: ID
    public var dueAt: Date
    /// People to page, in config order, each once.
    public var users: [UserID]
    /// Receivers (channels) to notify.
    public var receivers: [String]
    /// Schedules the level names in which nobody was on call at `dueAt`.
    public var uncoveredSchedules: [String]

    public init(id: ID, dueAt: Date, users: [UserID], receivers: [String], uncoveredSchedules: [String] = []) {
        self.id = id
        self.dueAt = dueAt
        self.users = users
        self.receivers = receivers
        self.uncoveredSchedules = uncoveredSchedules
    }
}
