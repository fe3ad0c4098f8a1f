import Crypto

/// The canonical encoding of a ledger entry and its SHA-256, byte by byte as in `docs/LEDGER-FORMAT.md`.
public enum LedgerHasher {
    /// Identifies the encoding; a future format gets a new tag rather than a silent change.
    public static let formatTag = "vigil-ledger-v1"

    /// The bytes that are hashed: the tag, seq, time, actor, action, target, details and the
    /// previous hash, each text field as a 4-byte big-endian length and its UTF-8 bytes.
    public static func canonicalBytes(of entry: LedgerEntry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + entry.actor.utf8.count + entry.action.utf8.count + entry.target.utf8.count
                            + entry.details.utf8.count)
        appendField(formatTag, to: &out)
        appendBigEndian(UInt64(bitPattern: entry.seq), to: &out)
        appendBigEndian(UInt64(bitPattern: entry.time), to: &out)
        appendField(entry.actor, to: &out)
        appendField(entry.action, to: &out)
        appendField(entry.target, to: &out)
        appendField(entry.details, to: &out)
        appendField(entry.prevHash, to: &out)
        return out
    }

    /// Lowercase hex SHA-256 of `canonicalBytes(of:)`; the entry's own `hash` is not an input.
    public static func hash(of entry: LedgerEntry) -> String {
        hex(SHA256.hash(data: canonicalBytes(of: entry)))
    }

    /// Lowercase hex of any byte sequence.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)  // a SHA-256, the usual input
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendField(_ text: String, to out: inout [UInt8]) {
        let bytes = Array(text.utf8)
        appendBigEndian(UInt32(truncatingIfNeeded: bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    private static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }
}
