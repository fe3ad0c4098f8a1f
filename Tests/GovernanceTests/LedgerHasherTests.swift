import Foundation
import Governance
import Testing

/// The hashed bytes are exactly those of docs/LEDGER-FORMAT.md.
@Suite struct LedgerHasherTests {
    static let example = LedgerEntry(seq: 1, time: 1_700_000_000_000, actor: "alice", action: "user.create", target: "u1",
                                     details: "{}", prevHash: LedgerHead.genesis.hash, hash: "")

    @Test func workedExampleMatchesTheDocument() {
        let expectedHex = "0000000f766967696c2d6c65646765722d7631" + "0000000000000001" + "0000018bcfe56800"
            + "00000005616c696365" + "0000000b757365722e637265617465" + "000000027531" + "000000027b7d"
            + "00000040" + String(repeating: "30", count: 64)
        #expect(LedgerHasher.hex(LedgerHasher.canonicalBytes(of: Self.example)) == expectedHex)
        // Computed independently with Python's hashlib.
        #expect(LedgerHasher.hash(of: Self.example) == "cd9fd7d4fd233f1077a94f0d7e1a941cc9227c8d4e3c204099b507979bef46f6")
    }

    @Test func theDocumentShowsTheSameHash() throws {
        let doc = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../docs/LEDGER-FORMAT.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        #expect(text.contains(LedgerHasher.hash(of: Self.example)))
    }

    @Test("length prefixes keep field boundaries apart", arguments: [
        (("ab", "c"), ("a", "bc")),
        (("", "x"), ("x", "")),
    ])
    func boundaries(first: (String, String), second: (String, String)) {
        var a = Self.example, b = Self.example
        (a.actor, a.action) = first
        (b.actor, b.action) = second
        #expect(LedgerHasher.hash(of: a) != LedgerHasher.hash(of: b))
    }

    @Test func appendingLinksToTheHead() {
        let first = LedgerEntry(appending: AuditEvent(time: Date(timeIntervalSince1970: 1_700_000_000.0009), actor: "alice",
                                                      action: "user.create", target: "u1"), after: .genesis)
        #expect(first.time == 1_700_000_000_000)
        #expect(first.hash == "cd9fd7d4fd233f1077a94f0d7e1a941cc9227c8d4e3c204099b507979bef46f6")
        let second = LedgerEntry(appending: AuditEvent(time: first.date, actor: "b", action: "x", target: ""),
                                 after: LedgerHead(seq: first.seq, hash: first.hash))
        #expect(second.seq == 2)
        #expect(second.prevHash == first.hash)
    }
}
