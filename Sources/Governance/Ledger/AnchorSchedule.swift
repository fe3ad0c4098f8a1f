import Foundation

/// What one anchoring attempt came to.
public enum AnchorOutcome: Sendable, Hashable {
    /// The receiver accepted this head and it was recorded.
    case anchored(LedgerHead)
    /// Nothing to send: the ledger is empty or its head is the one last anchored.
    case unchanged
    /// Nothing was recorded; `retryable` when trying again soon may help (no answer, 5xx, 429).
    case failed(String, retryable: Bool)
}

/// When the next anchoring attempt is due: `interval` after a success or an unchanged head;
/// after a retryable failure `initialBackoff`·2ⁿ⁻¹ for the nth failure in a row, at most
/// `interval`; after any other failure (a 4xx, a missing token file), `interval`.
///
/// ```swift
/// var schedule = AnchorSchedule(interval: 3600)
/// let next = schedule.next(after: .failed("503", retryable: true), at: now)  // now + 1 s
/// ```
public struct AnchorSchedule: Sendable, Hashable {
    /// Seconds between anchors.
    public let interval: TimeInterval
    /// Seconds before the first retry.
    public let initialBackoff: TimeInterval
    /// Failed attempts since the last success or unchanged head.
    public private(set) var failures = 0

    public init(interval: TimeInterval, initialBackoff: TimeInterval = 1) {
        self.interval = interval
        self.initialBackoff = min(initialBackoff, interval)
    }

    /// The instant of the attempt after one made at `now` that ended in `outcome`.
    public mutating func next(after outcome: AnchorOutcome, at now: Date) -> Date {
        switch outcome {
        case .anchored, .unchanged:
            failures = 0
            return now.addingTimeInterval(interval)
        case .failed(_, let retryable):
            failures += 1
            guard retryable else { return now.addingTimeInterval(interval) }
            let exponent = Double(min(failures - 1, 62))
            return now.addingTimeInterval(min(initialBackoff * pow(2, exponent), interval))
        }
    }

    /// Whether `head` should be sent, given the last anchor recorded: a non-empty ledger whose
    /// head differs from it.
    public static func needsAnchor(_ head: LedgerHead, last: LedgerAnchor?) -> Bool {
        head.seq > 0 && head != last?.head
    }
}
