import Foundation

/// Something that happened and must be on the record: who did what to what, when, with what details.
///
/// Text fields are stored verbatim (any Unicode, control characters included).
public struct AuditEvent: Sendable, Hashable {
    /// When it happened; the ledger keeps whole milliseconds since the Unix epoch (rounded down).
    public var time: Date
    /// Who did it: a user name, `token:<id>`, or `system`.
    public var actor: String
    /// What was done, dotted: `silence.create`, `user.disable`, `approval.decide`.
    public var action: String
    /// What it was done to: an ID or name, empty when there is none.
    public var target: String
    /// Everything else worth keeping, as a canonical JSON value (usually an object).
    public var details: AuditValue

    public init(time: Date, actor: String, action: String, target: String, details: AuditValue = .object([:])) {
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
    }

    /// `time` as whole milliseconds since the Unix epoch, rounded toward negative infinity.
    public var timeMilliseconds: Int64 {
        Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
