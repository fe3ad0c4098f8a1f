import Foundation
import OnCall
import Testing
import VigilConfig
import VigilCore

/// The repository's root, found from this file (`<root>/Tests/OnCallTests/Fixtures.swift`).
func repositoryRoot(here: String = #filePath) -> URL {
    URL(filePath: here).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Loads `examples/oncall/<name>`; a missing file throws, so the test fails rather than passing on nothing.
func example(_ name: String) throws -> OnCallConfig {
    let url = repositoryRoot().appending(path: "examples/oncall/\(name)")
    return try OnCallConfigFile.parse(String(contentsOf: url, encoding: .utf8), file: name)
}

/// Parses an `oncall:` document from `oncall.yml`.
func parse(_ yaml: String, receivers: Set<String>? = nil) throws -> OnCallConfig {
    try OnCallConfigFile.parse(yaml, file: "oncall.yml", knownReceivers: receivers)
}

/// The error lines for a document that must not load.
func errors(_ yaml: String, receivers: Set<String>? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    do {
        _ = try OnCallConfigFile.parse(yaml, file: "oncall.yml", knownReceivers: receivers)
        Issue.record("expected an error", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.errors.map(\.description)
    }
}

/// `2026-03-29 09:00` on the wall clock of `zone` (UTC by default), as an instant.
func at(_ text: String, _ zone: String = "UTC") -> Date {
    guard let parsed = DateTimeText(parsing: text), let tz = TimeZone(identifier: zone) else {
        preconditionFailure("BUG: bad test time \(text) \(zone)")
    }
    return parsed.instant(in: tz)
}

extension Date {
    func plus(minutes: Double) -> Date { addingTimeInterval(minutes * 60) }
}
