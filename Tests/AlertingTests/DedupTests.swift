import Alerting
import Foundation
import Testing
import VigilCore

/// Alertmanager's `needsUpdate` rules, one row each.
@Suite struct DedupTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static let id = IntegrationID(receiver: "r", kind: "webhook", index: 0)
    static func fp(_ n: UInt64) -> Fingerprint { Fingerprint(n) }
    static func entry(firing: [UInt64], resolved: [UInt64] = [], at: Date = t0) -> NotificationLogEntry {
        NotificationLogEntry(groupKey: "g", integration: id, firing: Set(firing.map(fp)), resolved: Set(resolved.map(fp)), timestamp: at)
    }

    @Test("decides like Alertmanager's DedupStage", arguments: [
        // (last entry, firing, resolved, send_resolved, seconds since entry, expected)
        (nil, [1], [], true, 0, true),                       // first notification
        (nil, [], [1], true, 0, false),                      // only resolved, never notified
        (entry(firing: [1]), [1, 2], [], true, 10, true),    // new firing alert
        (entry(firing: [1, 2]), [1], [2], true, 10, true),   // one resolved, send_resolved
        (entry(firing: [1, 2]), [1], [2], false, 10, false), // one resolved, not sent
        (entry(firing: [1]), [], [1], false, 10, true),      // all resolved: always notify
        (entry(firing: []), [], [1], true, 10, false),       // nothing was firing before
        (entry(firing: [1]), [1], [], true, 14_399, false),  // unchanged within repeat_interval
        (entry(firing: [1]), [1], [], true, 14_401, true),   // unchanged past repeat_interval
    ] as [(NotificationLogEntry?, [UInt64], [UInt64], Bool, Double, Bool)])
    func needsUpdateRows(last: NotificationLogEntry?, firing: [UInt64], resolved: [UInt64], sendResolved: Bool, after: Double,
                         expected: Bool) {
        #expect(needsUpdate(last: last, firing: Set(firing.map(Self.fp)), resolved: Set(resolved.map(Self.fp)),
                            sendResolved: sendResolved, repeatInterval: .hours(4), now: Self.t0.addingTimeInterval(after)) == expected)
    }
}
