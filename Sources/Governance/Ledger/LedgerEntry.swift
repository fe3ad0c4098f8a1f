import Foundation

/// One link of the audit chain, as stored and as exported.
///
/// `hash` is the lowercase hex SHA-256 of the entry's canonical encoding, which includes
/// `prevHash`, the previous entry's `hash` (64 zeros for seq 1). See `docs/LEDGER-FORMAT.md`.
public struct LedgerEntry: Sendable, Hashable {
    /// 1-based position in the ledger, without gaps.
    public var seq: Int64
    /// Milliseconds since the Unix epoch.
    public var time: Int64
    public var actor: String
    public var action: String
    public var target: String
    /// The canonical JSON text of the event's details, exactly the bytes that were hashed.
    public var details: String
    public var prevHash: String
    public var hash: String

    public init(seq: Int64, time: Int64, actor: String, action: String, target: String, details: String,
                prevHash: String, hash: String) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The entry that follows `head` for `event`, with its hash computed.
    public init(appending event: AuditEvent, after head: LedgerHead) {
        self.init(seq: head.seq + 1, time: event.timeMilliseconds, actor: event.actor, action: event.action,
                  target: event.target, details: event.details.canonicalText, prevHash: head.hash, hash: "")
        hash = LedgerHasher.hash(of: self)
    }

    /// `time` as a date.
    public var date: Date { Date(timeIntervalSince1970: Double(time) / 1000) }
}

/// The last entry's position and hash: what an anchor records and what the next entry links to.
public struct LedgerHead: Sendable, Hashable, Codable {
    /// 0 for an empty ledger.
    public var seq: Int64
    /// 64 zeros for an empty ledger.
    public var hash: String

    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// The head of an empty ledger.
    public static let genesis = LedgerHead(seq: 0, hash: String(repeating: "0", count: 64))
}
