import Foundation
import Governance
import Testing

/// When anchors are sent: every interval, backing off after failures; only a changed head.
@Suite struct AnchorScheduleTests {
    @Test func retryableFailuresBackOffDoublingUpToTheIntervalAndASuccessResets() {
        var schedule = AnchorSchedule(interval: 10)
        let waits = (0..<6).map { _ in schedule.next(after: .failed("503", retryable: true), at: t0).timeIntervalSince(t0) }
        #expect(waits == [1, 2, 4, 8, 10, 10])
        #expect(schedule.failures == 6)
        #expect(schedule.next(after: .anchored(LedgerHead(seq: 1, hash: "h")), at: t0) == t0 + 10)
        #expect(schedule.failures == 0)
        #expect(schedule.next(after: .failed("503", retryable: true), at: t0) == t0 + 1)
    }

    @Test(arguments: [AnchorOutcome.unchanged, .failed("400", retryable: false), .anchored(LedgerHead(seq: 3, hash: "h"))])
    func otherOutcomesWaitTheInterval(outcome: AnchorOutcome) {
        var schedule = AnchorSchedule(interval: 3600)
        #expect(schedule.next(after: outcome, at: t0) == t0 + 3600)
    }

    @Test func anIntervalShorterThanTheBackoffBoundsIt() {
        var schedule = AnchorSchedule(interval: 0.5)
        #expect(schedule.next(after: .failed("503", retryable: true), at: t0) == t0 + 0.5)
    }

    @Test("a head is anchored when the ledger is not empty and it differs from the last anchor", arguments: [
        (LedgerHead.genesis, nil as LedgerHead?, false),
        (LedgerHead(seq: 1, hash: "a"), nil, true),
        (LedgerHead(seq: 1, hash: "a"), LedgerHead(seq: 1, hash: "a"), false),
        (LedgerHead(seq: 2, hash: "b"), LedgerHead(seq: 1, hash: "a"), true),
    ])
    func needsAnchor(head: LedgerHead, last: LedgerHead?, expected: Bool) {
        let anchor = last.map { LedgerAnchor(head: $0, time: t0, receiver: "hook") }
        #expect(AnchorSchedule.needsAnchor(head, last: anchor) == expected)
    }
}
