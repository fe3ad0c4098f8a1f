import Foundation
import Runbooks
import Testing
import VigilConfig

@Suite struct RunbookLibraryTests {
    /// A fresh directory with `files` (relative path → contents), removed after `body`.
    func withDirectory(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "runbooks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (path, text) in files {
            let url = dir.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try body(dir.path(percentEncoded: false) + "/")
    }

    func runbook(_ alerts: String) -> String { "---\nalerts: \(alerts)\nseverity: warning\nowner: o\n---\n1. Step\n" }

    @Test func indexesByAlertAndByStemRecursively() throws {
        try withDirectory([
            "a.md": runbook("[A1, A2]"),
            "team/b.md": runbook("[B]"),
            "team/notes.txt": "ignored",
            "README.md": "# not a runbook",
        ]) { dir in
            let library = try RunbookLibrary.load(directory: dir)
            #expect(library.runbooks.map(\.name) == ["a", "b"])
            #expect(library.runbook(for: "A2")?.name == "a")
            #expect(library.runbook(for: "B")?.file == dir + "team/b.md")
            #expect(library.runbook(for: "C") == nil)
            #expect(library.runbook(named: "b")?.frontMatter.alerts == ["B"])
            #expect(library.runbook(named: "team/b") == nil)
            #expect(library.alertNames == ["A1", "A2", "B"])
        }
    }

    @Test func twoRunbooksClaimingOneAlertNameBothFiles() throws {
        try withDirectory(["first.md": runbook("[A, B]"), "second.md": runbook("\n  - C\n  - B")]) { dir in
            let error = #expect(throws: ConfigErrors.self) { try RunbookLibrary.load(directory: dir) }
            #expect(error?.description == "\(dir)second.md:4:5: alert \"B\" is already served by runbook \(dir)first.md")
        }
    }

    @Test func twoRunbooksWithOneNameAreRejected() throws {
        try withDirectory(["x/same.md": runbook("[A]"), "y/same.md": runbook("[B]")]) { dir in
            let error = #expect(throws: ConfigErrors.self) { try RunbookLibrary.load(directory: dir) }
            #expect(error?.description == "\(dir)y/same.md:1:1: runbook name \"same\" is already used by \(dir)x/same.md")
        }
    }

    @Test func collectsErrorsOfEveryFile() throws {
        try withDirectory(["a.md": "no front matter", "b.md": runbook("[A]"), "c.md": "---\nalerts: []\n---\n"]) { dir in
            let error = #expect(throws: ConfigErrors.self) { try RunbookLibrary.load(directory: dir) }
            #expect(error?.errors.map(\.description) == [
                #"\#(dir)a.md:1:1: a runbook starts with front matter: a "---" line, alerts, severity and owner, then "---""#,
                #"\#(dir)c.md:3:1: missing required field "severity""#,
                #"\#(dir)c.md:3:1: missing required field "owner""#,
            ])
        }
    }

    @Test func missingDirectoryIsAnError() {
        let error = #expect(throws: ConfigErrors.self) { try RunbookLibrary.load(directory: "/nonexistent/runbooks") }
        #expect(error?.description == "runbook directory /nonexistent/runbooks does not exist")
    }
}
