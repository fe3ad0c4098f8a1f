import Foundation
import Testing
import VigilCore
@testable import Templating

/// One template with the output or error text an upstream implementation produced.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    var template: String
    var output: String?
    var error: String?

    init(_ template: String, output: String) {
        self.template = template
        self.output = output
    }

    init(_ template: String, error: String) {
        self.template = template
        self.error = error
    }

    var testDescription: String { template.count > 60 ? String(template.prefix(60)) + "…" : template }
}

/// A clock frozen at `now`, for `since`.
struct FixedClock: Clock {
    var instant: Date
    func now() -> Date { instant }
    func sleep(until deadline: Date) async throws {}
}

/// Parses a `2024-03-05T14:07:09.25Z`-style instant.
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
}

/// Go's zero `time.Time`, 0001-01-01T00:00:00Z.
let goZeroTime = Date(timeIntervalSince1970: -62_135_596_800)

/// Renders `text` and compares with `expected` output or error description.
func expectRender(
    _ text: String, data: TemplateValue = .null, functions: FunctionTable = .builtins, set: TemplateSet? = nil,
    output: String? = nil, error: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    let base = set ?? TemplateSet(functions: functions)
    do {
        let rendered = try base.render(text, data: data)
        if let output {
            #expect(rendered == output, sourceLocation: sourceLocation)
        } else {
            Issue.record("expected error \(error ?? ""), got output \(rendered)", sourceLocation: sourceLocation)
        }
    } catch let failure {
        if let error {
            #expect(failure.description == error, sourceLocation: sourceLocation)
        } else {
            Issue.record("unexpected error: \(failure.description)", sourceLocation: sourceLocation)
        }
    }
}

/// The peer suite's default.tmpl, found from this file (`<root>/Tests/TemplatingTests/*.swift`).
func defaultTemplateText(here: String = #filePath) throws -> String {
    let tests = URL(filePath: here).deletingLastPathComponent().deletingLastPathComponent()
    let file = tests.appending(path: "../../shared/peer-suites/alertmanager/default.tmpl").standardized
    return try String(contentsOf: file, encoding: .utf8)
}
