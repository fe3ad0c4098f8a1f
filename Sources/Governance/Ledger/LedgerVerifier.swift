/// Why a ledger failed verification, naming the first entry that is wrong.
public struct LedgerBreak: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of damage verification can tell apart.
    public enum Reason: Sendable, Hashable {
        /// The entry's content does not hash to its stored `hash`: the entry was edited.
        case hashMismatch(stored: String, computed: String)
        /// The entry's `prevHash` is not the previous entry's `hash`: an entry before it was
        /// removed, replaced or the chain was spliced.
        case prevHashMismatch(stored: String, expected: String)
        /// Entries are missing: `seq` was expected, a later one came.
        case gap(found: Int64)
        /// An entry came after one with an equal or higher seq.
        case reordered(after: Int64)
        /// The anchor sent to an outside receiver names an entry the ledger no longer has.
        case anchorMissing(anchoredHash: String, lastSeq: Int64)
        /// The entry at an anchored seq has a different hash than the one sent out: the
        /// database was rewritten consistently after the anchor.
        case anchorMismatch(anchoredHash: String, found: String)
    }

    /// The seq of the first broken entry (for a gap, the first missing seq).
    public var seq: Int64
    public var reason: Reason

    public init(seq: Int64, reason: Reason) {
        self.seq = seq
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .hashMismatch(let stored, let computed):
            "audit ledger entry \(seq): hash mismatch: stored \(stored), content hashes to \(computed)"
        case .prevHashMismatch(let stored, let expected):
            "audit ledger entry \(seq): prev_hash mismatch: stored \(stored), previous entry's hash is \(expected)"
        case .gap(let found):
            "audit ledger entry \(seq): missing (gap in seq, next entry is \(found))"
        case .reordered(let after):
            "audit ledger entry \(seq): out of order (comes after entry \(after))"
        case .anchorMissing(let anchored, let lastSeq):
            "audit ledger entry \(seq): anchored with hash \(anchored) but the ledger ends at \(lastSeq)"
        case .anchorMismatch(let anchored, let found):
            "audit ledger entry \(seq): anchor mismatch: anchored hash \(anchored), ledger now has \(found)"
        }
    }
}

/// The outcome of verifying a run of ledger entries.
public enum VerificationResult: Sendable, Hashable {
    /// Every entry hashes to its `hash` and links to the one before; `head` is the last entry's.
    case valid(count: Int, head: LedgerHead)
    /// The first problem found.
    case broken(LedgerBreak)

    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// The break, if any.
    public var failure: LedgerBreak? {
        if case .broken(let failure) = self { return failure }
        return nil
    }
}

/// Checks hash chains; pure functions over entries, usable with or without a database.
public enum LedgerVerifier {
    /// Verifies `entries` in the order given.
    ///
    /// - Parameters:
    ///   - entries: consecutive entries, oldest first.
    ///   - start: the head the first entry must follow; `.genesis` for a whole ledger. For an
    ///     excerpt starting later, pass nil to trust the first entry's seq and `prevHash`.
    public static func verify<Entries: Sequence>(_ entries: Entries, after start: LedgerHead? = .genesis)
        -> VerificationResult where Entries.Element == LedgerEntry {
        var chain = Chain(after: start)
        for entry in entries {
            if let failure = chain.add(entry) { return .broken(failure) }
        }
        return chain.result
    }

    /// Verification one entry at a time, for callers that stream entries from a cursor
    /// instead of holding the whole ledger in memory.
    public struct Chain: Sendable {
        public private(set) var previous: LedgerHead?
        public private(set) var count = 0

        /// - Parameter start: as for `verify(_:after:)`.
        public init(after start: LedgerHead? = .genesis) { previous = start }

        /// Checks the next entry; returns the first problem with it, nil if it links correctly.
        /// Once a problem is returned, the chain is broken and later results are meaningless.
        public mutating func add(_ entry: LedgerEntry) -> LedgerBreak? {
            let expectedSeq = previous.map { $0.seq + 1 } ?? entry.seq
            if let previous, entry.seq <= previous.seq {
                return LedgerBreak(seq: entry.seq, reason: .reordered(after: previous.seq))
            }
            if entry.seq > expectedSeq {
                return LedgerBreak(seq: expectedSeq, reason: .gap(found: entry.seq))
            }
            let computed = LedgerHasher.hash(of: entry)
            if computed != entry.hash {
                return LedgerBreak(seq: entry.seq, reason: .hashMismatch(stored: entry.hash, computed: computed))
            }
            if let previous, entry.prevHash != previous.hash {
                return LedgerBreak(seq: entry.seq, reason: .prevHashMismatch(stored: entry.prevHash, expected: previous.hash))
            }
            previous = LedgerHead(seq: entry.seq, hash: entry.hash)
            count += 1
            return nil
        }

        /// The result for the entries added so far, all of which linked.
        public var result: VerificationResult { .valid(count: count, head: previous ?? .genesis) }
    }

    /// Compares the ledger against an anchor sent out earlier: the anchored entry must still
    /// exist with the anchored hash. `entryHash` is the ledger's hash at `anchor.head.seq`, nil if absent.
    public static func check(_ anchor: LedgerAnchor, entryHash: String?, lastSeq: Int64) -> LedgerBreak? {
        guard anchor.head.seq > 0 else { return nil }
        guard let entryHash else {
            return LedgerBreak(seq: anchor.head.seq, reason: .anchorMissing(anchoredHash: anchor.head.hash, lastSeq: lastSeq))
        }
        if entryHash != anchor.head.hash {
            return LedgerBreak(seq: anchor.head.seq, reason: .anchorMismatch(anchoredHash: anchor.head.hash, found: entryHash))
        }
        return nil
    }
}
