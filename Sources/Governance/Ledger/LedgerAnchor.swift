import Foundation

/// A ledger head that was sent to a receiver outside Vigil's database (a webhook), so that a
/// database rewritten consistently afterwards no longer matches what the outside world saw.
public struct LedgerAnchor: Sendable, Hashable {
    public var head: LedgerHead
    /// When it was sent.
    public var time: Date
    /// Who received it: a receiver name or URL without credentials.
    public var receiver: String

    public init(head: LedgerHead, time: Date, receiver: String) {
        self.head = head
        self.time = time
        self.receiver = receiver
    }

    /// The body to send to the anchor receiver: canonical JSON
    /// `{"hash":"<hex>","receiver":"…","seq":<n>,"time":<ms>}`, so the receiver may hash or sign it as is.
    public var body: [UInt8] {
        AuditValue.object([
            "seq": .int(head.seq), "hash": .string(head.hash), "receiver": .string(receiver),
            "time": .int(Int64((time.timeIntervalSince1970 * 1000).rounded(.down))),
        ]).canonicalBytes
    }
}
