import Crypto
import Foundation

/// An exported ledger excerpt: a directory with `ledger.jsonl` and `MANIFEST.sha256`, which
/// `verify(directory:)` checks with no database, so a viewer can check it offline.
public enum LedgerBundle {
    public static let ledgerFile = "ledger.jsonl"
    public static let manifestFile = "MANIFEST.sha256"
    static let formatLine = "vigil-ledger-bundle-v1"

    /// Writes `entries` (consecutive, oldest first) into `directory`, creating it; refuses a
    /// directory that already holds a bundle.
    /// - Returns: the manifest written.
    @discardableResult
    public static func write(_ entries: [LedgerEntry], to directory: URL) throws -> LedgerManifest {
        if case .broken(let failure) = LedgerVerifier.verify(entries, after: nil) { throw failure }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        let ledgerURL = directory.appending(path: ledgerFile)
        let manifestURL = directory.appending(path: manifestFile)
        for url in [ledgerURL, manifestURL] where fileManager.fileExists(atPath: url.path) {
            throw LedgerBundleError.exists(url.path)
        }
        var bytes: [UInt8] = []
        for entry in entries {
            bytes.append(contentsOf: LedgerLine.encode(entry))
            bytes.append(UInt8(ascii: "\n"))
        }
        let manifest = LedgerManifest(
            fileHash: LedgerHasher.hex(SHA256.hash(data: bytes)), count: entries.count,
            firstSeq: entries.first?.seq ?? 0, lastSeq: entries.last?.seq ?? 0,
            startHash: entries.first?.prevHash ?? LedgerHead.genesis.hash,
            headHash: entries.last?.hash ?? LedgerHead.genesis.hash)
        try Data(bytes).write(to: ledgerURL, options: .withoutOverwriting)
        try Data(manifest.text.utf8).write(to: manifestURL, options: .withoutOverwriting)
        return manifest
    }

    /// Verifies a bundle offline: the file hash, every line canonical, the chain from the
    /// manifest's start hash, and the count, seqs and head the manifest names.
    /// - Returns: the verified manifest.
    public static func verify(directory: URL) throws(LedgerBundleError) -> LedgerManifest {
        let manifestText: String
        let bytes: [UInt8]
        do {
            manifestText = try String(contentsOf: directory.appending(path: manifestFile), encoding: .utf8)
            bytes = Array(try Data(contentsOf: directory.appending(path: ledgerFile)))
        } catch {
            throw .unreadable("\(directory.path): \(error)")
        }
        let manifest = try LedgerManifest(parsing: manifestText)
        let fileHash = LedgerHasher.hex(SHA256.hash(data: bytes))
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // The file ends with a newline after each entry, so the last piece is empty.
        if lines.last?.isEmpty == true { lines.removeLast() } else if !bytes.isEmpty {
            throw .badLine(lines.count, "no newline at end of file")
        }
        var entries: [LedgerEntry] = []
        for (index, line) in lines.enumerated() {
            entries.append(try LedgerLine.decode(line, number: index + 1))
        }
        let start = LedgerHead(seq: (entries.first?.seq ?? 1) - 1, hash: manifest.startHash)
        if case .broken(let failure) = LedgerVerifier.verify(entries, after: start) { throw .chain(failure) }
        guard fileHash == manifest.fileHash else { throw .fileHashMismatch(manifest: manifest.fileHash, file: fileHash) }
        let last = entries.last
        guard entries.count == manifest.count, (entries.first?.seq ?? 0) == manifest.firstSeq,
              (last?.seq ?? 0) == manifest.lastSeq, (last?.hash ?? LedgerHead.genesis.hash) == manifest.headHash else {
            throw .manifestMismatch(
                "manifest says \(manifest.count) entries \(manifest.firstSeq)...\(manifest.lastSeq) head \(manifest.headHash), "
                + "file has \(entries.count) entries ending at \(last?.seq ?? 0) head \(last?.hash ?? LedgerHead.genesis.hash)")
        }
        return manifest
    }
}

/// Why an exported bundle cannot be written or does not verify.
public enum LedgerBundleError: Error, Sendable, Hashable, CustomStringConvertible {
    case exists(String)
    case unreadable(String)
    case badManifest(String)
    /// 1-based line number of `ledger.jsonl`.
    case badLine(Int, String)
    case chain(LedgerBreak)
    case fileHashMismatch(manifest: String, file: String)
    case manifestMismatch(String)

    public var description: String {
        switch self {
        case .exists(let path): "ledger bundle: \(path) already exists"
        case .unreadable(let what): "ledger bundle: cannot read \(what)"
        case .badManifest(let why): "ledger bundle: \(LedgerBundle.manifestFile): \(why)"
        case .badLine(let line, let why): "ledger bundle: \(LedgerBundle.ledgerFile):\(line): \(why)"
        case .chain(let failure): "ledger bundle: \(failure)"
        case .fileHashMismatch(let manifest, let file):
            "ledger bundle: \(LedgerBundle.ledgerFile) hashes to \(file), manifest says \(manifest)"
        case .manifestMismatch(let why): "ledger bundle: \(why)"
        }
    }
}
