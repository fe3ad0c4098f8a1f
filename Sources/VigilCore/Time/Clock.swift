import Foundation

/// Vigil's only source of "now": wall time, because deadlines are stored and compared with
/// sample timestamps. Tests inject `VigilTestSupport.ManualClock`.
public protocol Clock: Sendable {
    func now() -> Date
    /// Returns once `deadline` has passed; throws `CancellationError` if the task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// The real clock: `Date()` and `Task.sleep`.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
        try Task.checkCancellation()
    }
}
