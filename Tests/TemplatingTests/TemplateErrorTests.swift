import Testing
import VigilCore
@testable import Templating

/// Parse and execution errors: Go's text plus Vigil's 1-based position.
struct TemplateErrorTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var text: String
        var description: String
        var line: Int
        var column: Int
        var testDescription: String { text }
    }

    @Test("parse errors carry Go's text and the offending token's position", arguments: [
        Row(text: "{{ .Foo }", description: #"template: t:1: unexpected "}" in operand"#, line: 1, column: 9),
        Row(text: "ab\ncd {{ if }}", description: "template: t:2: missing value for if", line: 2, column: 10),
        Row(text: "é{{ foo }}", description: #"template: t:1: function "foo" not defined"#, line: 1, column: 5),
        Row(text: "{{ $x }}", description: #"template: t:1: undefined variable "$x""#, line: 1, column: 4),
        Row(text: "x\n\n{{ 3.x }}", description: #"template: t:3: bad number syntax: "3.x""#, line: 3, column: 4),
        Row(text: "{{ range . }}\n{{ end", description: "template: t:2: unclosed action", line: 2, column: 7),
        Row(text: "{{ with 1 }}{{ else }}{{ else }}{{ end }}", description: "template: t:1: expected end; found {{else}}",
            line: 1, column: 31),
    ])
    func parseError(_ row: Row) {
        var set = TemplateSet()
        let error = #expect(throws: TemplateError.self) { try set.parse(row.text, name: "t") }
        #expect(error?.description == row.description)
        #expect(error?.kind == .parse)
        #expect(error?.templateName == "t")
        #expect(error?.position == SourcePosition(line: row.line, column: row.column))
    }

    @Test func executionErrorCarriesBothPositions() throws {
        var set = TemplateSet()
        try set.parse("line one\n  é {{ .Missing.Field }}", name: "notes.tmpl")
        let data = TemplateValue.object(TemplateObject(type: TemplateType(name: "main.Data"), fields: [:]))
        let error = #expect(throws: TemplateError.self) { try set.execute("notes.tmpl", data: data) }
        // Go counts the column in bytes from 0 ("  é " is 5 bytes); Vigil's position is 1-based scalars.
        #expect(error?.description
            == #"template: notes.tmpl:2:16: executing "notes.tmpl" at <.Missing.Field>: can't evaluate field Missing in type main.Data"#)
        #expect(error?.message == "can't evaluate field Missing in type main.Data")
        #expect(error?.kind == .execution)
        #expect(error?.position == SourcePosition(line: 2, column: 16))
    }

    @Test func errorInCalledTemplateNamesThatTemplateAndItsFile() throws {
        var set = TemplateSet()
        try set.parse(#"{{ define "inner" }}{{ index . 3 }}{{ end }}"#, name: "lib.tmpl")
        try set.parse(#"x{{ template "inner" .Items }}"#, name: "main")
        let data = TemplateValue.map(TemplateMap(["Items": .list([.int(1)])]))
        let error = #expect(throws: TemplateError.self) { try set.execute("main", data: data) }
        #expect(error?.description
            == #"template: lib.tmpl:1:23: executing "inner" at <index . 3>: error calling index: index out of range: 3"#)
        #expect(error?.templateName == "inner")
    }

    @Test func executingAnUnknownTemplateFails() {
        let set = TemplateSet()
        let error = #expect(throws: TemplateError.self) { try set.execute("nope", data: .null) }
        #expect(error?.description == #"template: no template "nope" associated with template set"#)
    }

    @Test func recursionStopsAtTheDepthLimit() throws {
        var set = TemplateSet()
        set.maximumDepth = 20
        try set.parse(#"{{ define "loop" }}{{ template "loop" . }}{{ end }}"#, name: "t")
        let error = #expect(throws: TemplateError.self) { try set.execute("loop", data: .null) }
        #expect(error?.message == "exceeded maximum template depth (20)")
    }
}
