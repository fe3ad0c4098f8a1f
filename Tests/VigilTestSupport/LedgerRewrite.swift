import Governance

/// What an attacker with the database file does to hide an edit: re-hash every entry and relink
/// the chain, so that it verifies on its own and only an anchor can tell.
public func rehashedChain(_ entries: [LedgerEntry]) -> [LedgerEntry] {
    var entries = entries
    var previous = LedgerHead.genesis
    for i in entries.indices {
        entries[i].prevHash = previous.hash
        entries[i].hash = LedgerHasher.hash(of: entries[i])
        previous = LedgerHead(seq: entries[i].seq, hash: entries[i].hash)
    }
    return entries
}
