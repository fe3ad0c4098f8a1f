import Testing
@testable import Templating

/// Control structures, variables and whitespace control with Go's semantics.
struct ExecutionTests {
    static let data = TemplateValue.map(TemplateMap([
        "Items": .list([.string("a"), .string("b"), .string("c")]),
        "Empty": .list([]),
        "Name": .string("vigil"),
        "Count": .int(3),
        "Ratio": .float(0.25),
    ]))

    @Test("constructs", arguments: [
        ("{{ if .Count }}yes{{ end }}", "yes"),
        ("{{ if .Empty }}yes{{ else }}no{{ end }}", "no"),
        ("{{ if eq .Count 1 }}one{{ else if eq .Count 3 }}three{{ else }}many{{ end }}", "three"),
        ("{{ with .Name }}{{ . }}!{{ end }}", "vigil!"),
        ("{{ with .Empty }}x{{ else with .Name }}{{ . }}{{ end }}", "vigil"),
        ("{{ with .Empty }}x{{ else with .Empty }}y{{ else }}z{{ end }}", "z"),
        ("{{ range .Items }}{{ . }}{{ end }}", "abc"),
        ("{{ range $i, $e := .Items }}{{ $i }}{{ $e }}{{ end }}", "0a1b2c"),
        ("{{ range .Empty }}x{{ else }}empty{{ end }}", "empty"),
        ("{{ range .Items }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "ac"),
        ("{{ range .Items }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a"),
        ("{{ range .Items }}{{ range $.Items }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}|{{ end }}", "a|a|a|"),
        ("{{ $n := 0 }}{{ range .Items }}{{ $n = . }}{{ end }}{{ $n }}", "c"),
        ("{{ $x := 1 }}{{ with $x := 2 }}{{ $x }}{{ end }}{{ $x }}", "21"),
        ("{{ define \"T\" }}[{{ . }}|{{ $ }}]{{ end }}{{ template \"T\" .Name }}", "[vigil|vigil]"),
        ("{{ block \"B\" .Count }}<{{ . }}>{{ end }}", "<3>"),
        ("{{ and .Count .Name }}|{{ and .Empty .Name }}|{{ or .Empty .Name }}|{{ or .Empty 0 }}", "vigil|[]|vigil|0"),
        ("{{ and .Empty (index .Items 9) }}|{{ or .Name (index .Items 9) }}", "[]|vigil"),
        ("{{ .Ratio }}|{{ printf \"%.1f%%\" .Ratio }}|{{ .Count | printf \"%03d\" }}", "0.25|0.2%|003"),
        ("a {{- \" b \" -}} c", "a b c"),
        ("a\n  {{- /* gone */ -}}\n  b", "ab"),
        ("{{\"x\"}}{{- 3 }}{{-3}}", "x3-3"),
        ("{{ print (len .Items) (index .Items 1) }}", "3b"),
        ("{{ (index .Items 0) | printf \"%q\" }}", "\"a\""),
        ("{{ slice .Items 1 }}|{{ slice .Name 1 3 }}", "[b c]|ig"),
        ("{{ html \"<x>\" }}|{{ js \"a'b\" }}|{{ urlquery \"a b\" }}", "&lt;x&gt;|a\\'b|a+b"),
        ("{{ len .Items | eq 3 }}", "true"),
        ("{{ $ }}", "map[Count:3 Empty:[] Items:[a b c] Name:vigil Ratio:0.25]"),
    ])
    func construct(template: String, output: String) {
        expectRender(template, data: Self.data, output: output)
    }

    @Test("execution errors", arguments: [
        ("{{ and .Count (index .Items 9) }}", #"template: :1:15: executing "" at <index .Items 9>: error calling index: index out of range: 9"#),
        ("{{ range .Name }}{{ end }}", #"template: :1:9: executing "" at <.Name>: range can't iterate over vigil"#),
        ("{{ $y = 1 }}", #"template: :1:8: executing "" at <1>: undefined variable: $y"#),
        ("{{ lt .Count .Ratio }}", #"template: :1:3: executing "" at <lt .Count .Ratio>: error calling lt: incompatible types for comparison"#),
        ("{{ template \"nope\" }}", #"template: :1:12: executing "" at <{{template "nope"}}>: template "nope" not defined"#),
    ])
    func executionError(template: String, error: String) {
        expectRender(template, data: Self.data, error: error)
    }

    @Test func renderingEmptyTextIsEmpty() throws {
        #expect(try TemplateSet().render("", data: .null) == "")
    }

    @Test func printfCoversGoVerbs() {
        let cases: [(String, [TemplateValue], String)] = [
            ("%s|%10s|%-10s|%.2s", [.string("abc"), .string("abc"), .string("abc"), .string("abc")], "abc|       abc|abc       |ab"),
            ("%d|%5d|%-5d|%05d|%+d|%x|%X|%o|%b|%c", [.int(42), .int(42), .int(42), .int(-42), .int(42), .int(255), .int(255), .int(8), .int(5), .int(0x263A)],
             "42|   42|42   |-0042|+42|ff|FF|10|101|☺"),
            ("%v|%.2f|%5.1f|%e|%g|%.3g|%G", [.float(0.1), .float(3.14159), .float(2.25), .float(1234.5678), .float(1e-7), .float(1234.5678), .float(1e21)],
             "0.1|3.14|  2.2|1.234568e+03|1e-07|1.23e+03|1E+21"),
            ("%q|%v|%t|%T", [.string("a\"b\n"), .bool(true), .bool(false), .list([])], "\"a\\\"b\\n\"|true|false|[]interface {}"),
            ("%d %d", [.int(1)], "1 %!d(MISSING)"),
            ("%d", [.int(1), .string("x")], "1%!(EXTRA string=x)"),
            ("%s|%d", [.int(1), .string("x")], "%!s(int=1)|%!d(string=x)"),
            ("%v|%s", [.null, .null], "<nil>|%!s(<nil>)"),
            ("100%%|%", [], "100%|%!(NOVERB)"),
            ("%v|%d", [.duration(90_500_000_000), .duration(1500)], "1m30.5s|1500"),
        ]
        for (format, arguments, expected) in cases {
            #expect(GoPrintf.format(format, arguments) == expected, "\(format)")
        }
    }

    @Test func lexerTrimsOnlyWithASpaceAfterTheMarker() {
        let tokens = Lexer.tokenize("a {{- 3 }} {{-3}}").map(\.kind)
        #expect(tokens == [.text, .leftDelim, .number, .space, .rightDelim, .text, .leftDelim, .number, .rightDelim, .eof])
    }
}
