import Foundation
import Governance
import Testing

/// Verification names the first broken entry and why, for each kind of damage.
@Suite struct LedgerVerifierTests {
    static func chain(_ count: Int) -> [LedgerEntry] {
        var head = LedgerHead.genesis
        return (0..<count).map { i in
            let entry = LedgerEntry(appending: AuditEvent(time: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)),
                                                          actor: "a\(i)", action: "test.step", target: "t\(i)",
                                                          details: ["i": .int(Int64(i))]), after: head)
            head = LedgerHead(seq: entry.seq, hash: entry.hash)
            return entry
        }
    }

    @Test func anIntactChainVerifies() {
        let entries = Self.chain(5)
        #expect(LedgerVerifier.verify(entries) == .valid(count: 5, head: LedgerHead(seq: 5, hash: entries[4].hash)))
        #expect(LedgerVerifier.verify([]) == .valid(count: 0, head: .genesis))
    }

    enum Damage: String, CaseIterable { case editDetails, editActor, deleteMiddle, deleteFirst, swap, rehashOne, duplicate }

    @Test(arguments: Damage.allCases)
    func damageIsNamed(_ damage: Damage) throws {
        var entries = Self.chain(6)
        let failure: LedgerBreak?
        switch damage {
        case .editDetails:
            entries[2].details = #"{"i":3}"#
            failure = LedgerVerifier.verify(entries).failure
            #expect(failure?.seq == 3)
            guard case .hashMismatch = failure?.reason else { Issue.record("\(String(describing: failure))"); return }
        case .editActor:
            entries[4].actor = "mallory"
            failure = LedgerVerifier.verify(entries).failure
            #expect(failure?.seq == 5)
        case .deleteMiddle:
            entries.remove(at: 3)
            failure = LedgerVerifier.verify(entries).failure
            #expect(failure == LedgerBreak(seq: 4, reason: .gap(found: 5)))
        case .deleteFirst:
            entries.removeFirst()
            failure = LedgerVerifier.verify(entries).failure
            #expect(failure == LedgerBreak(seq: 1, reason: .gap(found: 2)))
        case .swap:
            entries.swapAt(1, 3)
            failure = LedgerVerifier.verify(entries).failure
            #expect(failure == LedgerBreak(seq: 2, reason: .gap(found: 4)))
        case .rehashOne:
            // Edited and re-hashed: its own hash is right, the next entry's link is not.
            entries[2].target = "other"
            entries[2].hash = LedgerHasher.hash(of: entries[2])
            failure = LedgerVerifier.verify(entries).failure
            #expect(failure == LedgerBreak(seq: 4, reason: .prevHashMismatch(stored: entries[3].prevHash, expected: entries[2].hash)))
        case .duplicate:
            entries.insert(entries[2], at: 3)
            failure = LedgerVerifier.verify(entries).failure
            #expect(failure == LedgerBreak(seq: 3, reason: .reordered(after: 3)))
        }
        #expect(failure != nil)
    }

    @Test func anAnchorCatchesAConsistentRewrite() {
        let original = Self.chain(4)
        let anchor = LedgerAnchor(head: LedgerHead(seq: 3, hash: original[2].hash), time: Date(), receiver: "hook")
        #expect(LedgerVerifier.check(anchor, entryHash: original[2].hash, lastSeq: 4) == nil)
        #expect(LedgerVerifier.check(anchor, entryHash: "x", lastSeq: 4)?.reason == .anchorMismatch(anchoredHash: original[2].hash, found: "x"))
        #expect(LedgerVerifier.check(anchor, entryHash: nil, lastSeq: 2)?.seq == 3)
    }

    @Test func anAnchorBodyIsCanonicalJSON() {
        let anchor = LedgerAnchor(head: LedgerHead(seq: 7, hash: String(repeating: "a", count: 64)), time: t0, receiver: "hook")
        #expect(String(decoding: anchor.body, as: UTF8.self)
                == #"{"hash":"\#(String(repeating: "a", count: 64))","receiver":"hook","seq":7,"time":1700000000000}"#)
    }
}
