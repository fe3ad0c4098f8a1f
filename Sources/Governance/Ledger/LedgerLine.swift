import Foundation

/// The export form of an entry: one canonical JSON object per line of `ledger.jsonl`, keys in
/// byte order (`action`, `actor`, `details`, `hash`, `prev_hash`, `seq`, `target`, `time`),
/// `details` embedded as the canonical JSON value that was hashed.
public enum LedgerLine {
    /// The line's bytes, without the trailing newline.
    public static func encode(_ entry: LedgerEntry) -> [UInt8] {
        var out: [UInt8] = []
        func key(_ name: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            AuditValue.appendString(name, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        out.append(UInt8(ascii: "{"))
        key("action", first: true); AuditValue.appendString(entry.action, to: &out)
        key("actor"); AuditValue.appendString(entry.actor, to: &out)
        key("details"); out.append(contentsOf: Array(entry.details.utf8))
        key("hash"); AuditValue.appendString(entry.hash, to: &out)
        key("prev_hash"); AuditValue.appendString(entry.prevHash, to: &out)
        key("seq"); out.append(contentsOf: Array(String(entry.seq).utf8))
        key("target"); AuditValue.appendString(entry.target, to: &out)
        key("time"); out.append(contentsOf: Array(String(entry.time).utf8))
        out.append(UInt8(ascii: "}"))
        return out
    }

    private struct Wire: Decodable {
        var action: String
        var actor: String
        var details: AuditValue
        var hash: String
        var prevHash: String
        var seq: Int64
        var target: String
        var time: Int64
        enum CodingKeys: String, CodingKey {
            case action, actor, details, hash, prevHash = "prev_hash", seq, target, time
        }
    }

    /// Parses a line and insists it is byte-for-byte canonical, so that two different files can
    /// never verify as the same ledger.
    /// - Parameter number: the 1-based line number, for the error.
    public static func decode(_ line: some Collection<UInt8>, number: Int) throws(LedgerBundleError) -> LedgerEntry {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(line))
        } catch {
            throw .badLine(number, "not a ledger entry: \(error)")
        }
        let entry = LedgerEntry(seq: wire.seq, time: wire.time, actor: wire.actor, action: wire.action, target: wire.target,
                                details: wire.details.canonicalText, prevHash: wire.prevHash, hash: wire.hash)
        guard encode(entry).elementsEqual(line) else { throw .badLine(number, "not in canonical form") }
        return entry
    }
}
