import Foundation
import Testing
import VigilCore
@testable import Templating

/// How caller data reaches templates: maps, objects with fields and methods, functions.
struct ValueModelTests {
    /// A caller-defined struct type with a zero-argument method and a method taking an argument.
    static let serviceType = TemplateType(
        name: "main.Service",
        methods: [
            "Endpoint": TemplateMethod { receiver, _ in
                guard case .object(let object) = receiver else { return .null }
                return .string("https://\(object.fields["Host"]?.stringValue ?? ""):\(GoPrint.value(object.fields["Port"] ?? .null))")
            },
            "Tagged": TemplateMethod(arity: 1) { receiver, arguments in
                .string("\(try arguments.string(at: 0))/\(GoPrint.value(receiver.fieldValue("Host")))")
            },
        ])

    static let service = TemplateValue.object(TemplateObject(
        type: serviceType, fields: ["Host": .string("api.local"), "Port": .int(8443), "Tags": .stringList(["b", "a"])],
        fieldOrder: ["Host", "Port", "Tags"]))

    @Test("objects expose fields and methods", arguments: [
        ("{{ .Host }}:{{ .Port }}", "api.local:8443"),
        ("{{ .Endpoint }}", "https://api.local:8443"),
        ("{{ .Endpoint | len }}", "22"),
        (#"{{ .Tagged "v1" }}"#, "v1/api.local"),
        (#"{{ "v2" | .Tagged }}"#, "v2/api.local"),
        ("{{ . }}", "{api.local 8443 [b a]}"),
        (#"{{ printf "%+v" . }}"#, "{Host:api.local Port:8443 Tags:[b a]}"),
        ("{{ range .Tags }}{{ . }}{{ end }}", "ba"),
    ])
    func objectMembers(template: String, output: String) {
        expectRender(template, data: Self.service, output: output)
    }

    @Test("objects reject what Go rejects", arguments: [
        ("{{ .Nope }}", #"template: :1:3: executing "" at <.Nope>: can't evaluate field Nope in type main.Service"#),
        ("{{ .Tagged }}", #"template: :1:3: executing "" at <.Tagged>: wrong number of args for Tagged: want 1 got 0"#),
        ("{{ .Host 1 }}", #"template: :1:3: executing "" at <.Host>: Host has arguments but cannot be invoked as function"#),
        ("{{ .Tagged 1 }}", #"template: :1:11: executing "" at <1>: expected string; found 1"#),
        ("{{ .Port | .Tagged }}", #"template: :1:11: executing "" at <.Tagged>: wrong type for value; expected string; got int"#),
    ])
    func objectErrors(template: String, error: String) {
        expectRender(template, data: Self.service, error: error)
    }

    @Test("missing keys: empty string for string maps, <no value> for interface maps", arguments: [
        ("{{ .s.missing }}|{{ .i.missing }}", "|<no value>"),
        ("{{ .s.missing | len }}|{{ if .i.missing }}t{{ else }}f{{ end }}", "0|f"),
        (#"{{ index .s "missing" }}|{{ index .i "missing" }}"#, "|<no value>"),
        ("{{ .i.missing.deeper }}", "<no value>"),
        (#"{{ eq .i.missing "x" }}|{{ print .i.missing }}"#, "false|<nil>"),
        ("{{ .i.present }}|{{ .s.present }}", "1.5|yes"),
    ])
    func missingKeys(template: String, output: String) {
        let data = TemplateValue.map(TemplateMap([
            "s": .stringMap(["present": "yes"]),
            "i": .map(TemplateMap(["present": .float(1.5)])),
        ]))
        expectRender(template, data: data, output: output)
    }

    @Test func labelSetsBecomeStringMaps() {
        let labels = Labels([Label("job", "api"), Label("instance", "a:1")])
        expectRender("{{ .job }}|{{ .nope }}|{{ range $k, $v := . }}{{ $k }}={{ $v }};{{ end }}", data: .labels(labels),
                     output: "api||instance=a:1;job=api;")
    }

    @Test func mapsRangeInByteOrder() {
        let data = TemplateValue.stringMap(["b": "2", "B": "1", "a": "3", "é": "4", "_": "5"])
        expectRender("{{ range $k, $v := . }}{{ $k }}{{ $v }} {{ end }}", data: data, output: "B1 _5 a3 b2 é4 ")
        expectRender("{{ . }}", data: data, output: "map[B:1 _:5 a:3 b:2 é:4]")
    }

    @Test func truthFollowsGo() {
        let falsy: [TemplateValue] = [.null, .bool(false), .int(0), .float(0), .string(""), .list([]), .stringMap([:]), .duration(0)]
        let truthy: [TemplateValue] = [.bool(true), .int(-1), .float(0.1), .string("0"), .list([.null]), .time(Date()), Self.service]
        #expect(falsy.allSatisfy { !$0.isTruthy })
        #expect(truthy.allSatisfy { $0.isTruthy })
    }

    @Test func callersRegisterFunctions() throws {
        var functions = FunctionTable.builtins
        functions.register("shout", TemplateFunction(arity: 1) { arguments, _ in
            .string(try arguments.string(at: 0).uppercased() + "!")
        })
        functions.register("fail", TemplateFunction(arity: 0) { _, _ in throw TemplateFunctionError("boom") })
        expectRender(#"{{ "hi" | shout }}"#, functions: functions, output: "HI!")
        expectRender("{{ fail }}", functions: functions, error: #"template: :1:3: executing "" at <fail>: error calling fail: boom"#)
        expectRender("{{ shout 1 }}", functions: functions, error: #"template: :1:9: executing "" at <1>: expected string; found 1"#)
        expectRender("{{ nope }}", functions: functions, error: #"template: :1: function "nope" not defined"#)
    }

    @Test func callInvokesFunctionValues() {
        let add = TemplateFunction(arity: 2, typeName: "func(int, int) int") { arguments, _ in
            guard case .int(let a) = arguments[0], case .int(let b) = arguments[1] else { return .null }
            return .int(a + b)
        }
        let data = TemplateValue.map(TemplateMap(["add": .function(add), "n": .int(2)]))
        expectRender("{{ call .add 1 .n }}", data: data, output: "3")
        expectRender("{{ printf \"%T\" .add }}", data: data, output: "func(int, int) int")
        expectRender("{{ .add }}", data: data, error: #"template: :1:3: executing "" at <{{.add}}>: can't print {{.add}} of type func(int, int) int"#)
    }

    @Test func laterDefinitionsReplaceEarlierOnesAcrossParses() throws {
        var set = TemplateSet()
        try set.parse(#"{{ define "a" }}one{{ end }}{{ define "b" }}keep{{ end }}"#, name: "first")
        try set.parse(#"{{ define "a" }}two{{ end }}{{ define "b" }} {{ end }}"#, name: "second")
        #expect(try set.execute("a", data: .null) == "two")
        #expect(try set.execute("b", data: .null) == "keep")
        let error = #expect(throws: TemplateError.self) {
            try set.parse(#"{{ define "c" }}1{{ end }}{{ define "c" }}2{{ end }}"#, name: "third")
        }
        #expect(error?.description == #"template: third:1: template: multiple definition of template "c""#)
    }
}

extension TemplateValue {
    fileprivate func fieldValue(_ name: String) -> TemplateValue {
        if case .object(let object) = self { return object.fields[name] ?? .null }
        return .null
    }
}
