/// `MANIFEST.sha256` of an exported bundle: the SHA-256 of `ledger.jsonl` in `sha256sum` form
/// on the first line, then `# key: value` lines. See `docs/LEDGER-FORMAT.md`.
public struct LedgerManifest: Sendable, Hashable {
    /// Lowercase hex SHA-256 of `ledger.jsonl`.
    public var fileHash: String
    public var count: Int
    /// 0 when the bundle is empty.
    public var firstSeq: Int64
    public var lastSeq: Int64
    /// The `prev_hash` of the first entry: 64 zeros when the bundle starts at seq 1.
    public var startHash: String
    /// The last entry's hash (64 zeros when empty).
    public var headHash: String

    public init(fileHash: String, count: Int, firstSeq: Int64, lastSeq: Int64, startHash: String, headHash: String) {
        self.fileHash = fileHash
        self.count = count
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.startHash = startHash
        self.headHash = headHash
    }

    public var text: String {
        """
        \(fileHash)  \(LedgerBundle.ledgerFile)
        # format: \(LedgerBundle.formatLine)
        # count: \(count)
        # first_seq: \(firstSeq)
        # last_seq: \(lastSeq)
        # start_prev_hash: \(startHash)
        # head_hash: \(headHash)

        """
    }

    /// Parses `text`, requiring every field exactly once.
    public init(parsing text: String) throws(LedgerBundleError) {
        var fields: [String: String] = [:]
        var fileHash: String?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            if index == 0 {
                let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 3, parts[1].isEmpty, parts[2] == LedgerBundle.ledgerFile else {
                    throw .badManifest("line 1 is not \"<sha256>  \(LedgerBundle.ledgerFile)\"")
                }
                fileHash = String(parts[0])
                continue
            }
            guard line.hasPrefix("# "), let colon = line.firstIndex(of: ":") else {
                throw .badManifest("line \(index + 1) is not \"# key: value\"")
            }
            let key = String(line[line.index(line.startIndex, offsetBy: 2)..<colon])
            let value = line[line.index(after: colon)...].trimmingPrefix(" ")
            guard fields.updateValue(String(value), forKey: key) == nil else { throw .badManifest("duplicate key \(key)") }
        }
        func field(_ key: String) throws(LedgerBundleError) -> String {
            guard let value = fields[key] else { throw .badManifest("missing \(key)") }
            return value
        }
        func number(_ key: String) throws(LedgerBundleError) -> Int64 {
            guard let value = Int64(try field(key)) else { throw .badManifest("\(key) is not an integer") }
            return value
        }
        guard let fileHash else { throw .badManifest("empty") }
        guard try field("format") == LedgerBundle.formatLine else { throw .badManifest("unknown format") }
        self.init(fileHash: fileHash, count: Int(try number("count")), firstSeq: try number("first_seq"),
                  lastSeq: try number("last_seq"), startHash: try field("start_prev_hash"), headHash: try field("head_hash"))
    }
}
