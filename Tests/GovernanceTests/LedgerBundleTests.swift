import Foundation
import Governance
import Persistence
import Testing

/// Exported bundles verify offline, and any edit makes them fail with the place named.
@Suite struct LedgerBundleTests {
    static func exported(_ count: Int = 5) async throws -> URL {
        let db = try TestDatabase()
        for i in 0..<count { try await db.ledger.record(event(i, details: ["i": .int(Int64(i)), "note": "line\nbreak"])) { _ in } }
        let directory = TestDatabase.temporaryDirectory()
        let manifest = try await db.ledger.export(to: directory)
        #expect(manifest.count == count)
        return directory
    }

    static func lines(_ directory: URL) throws -> [String] {
        try String(contentsOf: directory.appending(path: LedgerBundle.ledgerFile), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    static func write(_ lines: [String], to directory: URL) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: directory.appending(path: LedgerBundle.ledgerFile))
    }

    @Test func anExportVerifiesWithoutADatabase() async throws {
        let directory = try await Self.exported()
        let manifest = try LedgerBundle.verify(directory: directory)
        #expect((manifest.count, manifest.firstSeq, manifest.lastSeq) == (5, 1, 5))
        let lines = try Self.lines(directory)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix(#"{"action":"test.step","actor":"alice","details":{"i":0,"note":"line\u000abreak"},"hash":""#))
        let text = try String(contentsOf: directory.appending(path: LedgerBundle.manifestFile), encoding: .utf8)
        #expect(text.hasPrefix(manifest.fileHash + "  ledger.jsonl\n# format: vigil-ledger-bundle-v1\n# count: 5\n"))
    }

    @Test func anEmptyLedgerExportsAndVerifies() async throws {
        let directory = try await Self.exported(0)
        #expect(try LedgerBundle.verify(directory: directory).headHash == LedgerHead.genesis.hash)
    }

    @Test func anExcerptVerifiesFromItsStart() async throws {
        let db = try TestDatabase()
        for i in 0..<6 { try await db.ledger.record(event(i)) { _ in } }
        let directory = TestDatabase.temporaryDirectory()
        try await db.ledger.export(from: 3, through: 5, to: directory)
        let manifest = try LedgerBundle.verify(directory: directory)
        #expect((manifest.firstSeq, manifest.lastSeq) == (3, 5))
        #expect(manifest.startHash == (try await db.ledger.entries(from: 2, through: 2)).first?.hash)
    }

    @Test func exportRefusesToOverwrite() async throws {
        let directory = try await Self.exported(1)
        let db = try TestDatabase()
        await #expect(throws: LedgerBundleError.self) { try await db.ledger.export(to: directory) }
    }

    enum Edit: String, CaseIterable {
        case oneCharacterOfDetails, actorRenamed, lineDeleted, linesSwapped, nonCanonicalSpacing, lineAppended, manifestCount
    }

    @Test("an edited bundle fails offline verification", arguments: Edit.allCases)
    func editsFail(_ edit: Edit) async throws {
        let directory = try await Self.exported()
        var lines = try Self.lines(directory)
        let expected: String
        switch edit {
        case .oneCharacterOfDetails:
            lines[2] = lines[2].replacingOccurrences(of: #""i":2"#, with: #""i":7"#)
            expected = "ledger bundle: audit ledger entry 3: hash mismatch"
        case .actorRenamed:
            lines[1] = lines[1].replacingOccurrences(of: #""actor":"alice""#, with: #""actor":"mallory""#)
            expected = "ledger bundle: audit ledger entry 2: hash mismatch"
        case .lineDeleted:
            lines.remove(at: 1)
            expected = "ledger bundle: audit ledger entry 2: missing (gap in seq, next entry is 3)"
        case .linesSwapped:
            lines.swapAt(1, 2)
            expected = "ledger bundle: audit ledger entry 2: missing (gap in seq, next entry is 3)"
        case .nonCanonicalSpacing:
            lines[3] = lines[3].replacingOccurrences(of: #""actor":"#, with: #""actor": "#)
            expected = "ledger bundle: ledger.jsonl:4: not in canonical form"
        case .lineAppended:
            lines.append(lines[4])
            expected = "ledger bundle: audit ledger entry 5: out of order (comes after entry 5)"
        case .manifestCount:
            let url = directory.appending(path: LedgerBundle.manifestFile)
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "# count: 5", with: "# count: 4")
            try Data(text.utf8).write(to: url)
            expected = "ledger bundle: manifest says 4 entries"
        }
        try Self.write(lines, to: directory)
        let error = #expect(throws: LedgerBundleError.self) { try LedgerBundle.verify(directory: directory) }
        #expect(error?.description.hasPrefix(expected) == true, "\(String(describing: error))")
    }

    @Test func aRehashedEditStillFailsOnTheFileHash() async throws {
        // Editing the last entry and recomputing its hash keeps the chain valid; the manifest's
        // file hash and head hash still catch it.
        let directory = try await Self.exported()
        var lines = try Self.lines(directory)
        var entry = try LedgerLine.decode(Array(lines[4].utf8), number: 5)
        entry.actor = "mallory"
        entry.hash = LedgerHasher.hash(of: entry)
        lines[4] = String(decoding: LedgerLine.encode(entry), as: UTF8.self)
        try Self.write(lines, to: directory)
        let error = #expect(throws: LedgerBundleError.self) { try LedgerBundle.verify(directory: directory) }
        guard case .fileHashMismatch = error else { Issue.record("\(String(describing: error))"); return }
    }
}
