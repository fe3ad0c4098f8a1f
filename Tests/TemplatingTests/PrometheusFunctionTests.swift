import Foundation
import Testing
@testable import Templating

/// Prometheus functions and formatting beyond the promtool goldens.
struct PrometheusFunctionTests {
    @Test("humanize", arguments: [
        (1_234_567.0, "1.235M"), (0.00012, "120u"), (0, "0"), (-1500, "-1.5k"), (999.99, "1000"), (1, "1"),
        (0.5, "500m"), (1e30, "1e+06Y"), (.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"),
    ])
    func humanize(value: Double, text: String) {
        #expect(Humanize.number(value) == text)
    }

    @Test("humanize1024", arguments: [
        (1_048_576.0, "1Mi"), (1, "1"), (1023, "1023"), (1536, "1.5ki"), (-2048, "-2ki"), (0.5, "0.5"),
    ])
    func humanize1024(value: Double, text: String) {
        #expect(Humanize.binary(value) == text)
    }

    @Test("humanizeDuration", arguments: [
        (90.0, "1m 30s"), (0, "0s"), (0.25, "250ms"), (1.5, "1.5s"), (3600, "1h 0m 0s"), (90061, "1d 1h 1m 1s"),
        (-90, "-1m 30s"), (899.99, "14m 59s"), (0.000001234, "1.234us"), (.nan, "NaN"),
    ])
    func humanizeDuration(value: Double, text: String) {
        #expect(Humanize.duration(value) == text)
    }

    @Test("humanizePercentage", arguments: [(0.1234, "12.34%"), (0.1234567, "12.35%"), (1.0, "100%"), (-0.5, "-50%")])
    func humanizePercentage(value: Double, text: String) {
        #expect(Humanize.percentage(value) == text)
    }

    static let context = PrometheusTemplateContext(externalURL: URL(string: "https://prom.example.com/sub/path"))

    @Test func externalURLAndPathPrefixComeFromTheContext() {
        let functions = FunctionTable.builtins.merging(.prometheus(context: Self.context))
        expectRender("{{ externalURL }}|{{ pathPrefix }}", functions: functions, output: "https://prom.example.com/sub/path|/sub/path")
    }

    @Test func consoleTemplatesMayCallTmpl() throws {
        let functions = FunctionTable.builtins.merging(.prometheus(context: Self.context)).merging(.prometheusConsole)
        var set = TemplateSet(functions: functions)
        try set.parse(#"{{ define "row" }}<{{ . }}>{{ end }}{{ tmpl "row" "x" | toUpper }}"#, name: "console")
        #expect(try set.execute("console", data: .null) == "<X>")
        let error = #expect(throws: TemplateError.self) { try set.render(#"{{ tmpl "none" 1 }}"#, data: .null) }
        #expect(error?.message == #"error calling tmpl: template: no template "none" associated with template set"#)
    }

    @Test func queryFailuresBecomeExecutionErrors() {
        struct Unavailable: Error, CustomStringConvertible { var description: String { "storage unavailable" } }
        let context = PrometheusTemplateContext { _ in throw Unavailable() }
        let text = PrometheusAlertTemplate.expand(
            #"{{ query "up" }}"#, ruleName: "R", labels: [:], externalLabels: [:], externalURL: "", value: 1,
            functions: FunctionTable.builtins.merging(.prometheus(context: context)))
        #expect(text == #"<error expanding template: error executing template __alert_R: template: __alert_R:1:115: executing "__alert_R" at <query "up">: error calling query: storage unavailable>"#)
    }

    @Test("valueFormatting", arguments: [
        (0.1, "0.1"), (1e6, "1e+06"), (10.0 / 3.0, "3.3333333333333335"), (.infinity, "+Inf"), (-.infinity, "-Inf"),
        (.nan, "NaN"), (-0.0, "-0"), (123_456, "123456"), (1_234_567, "1.234567e+06"), (0.0001, "0.0001"),
        (0.00001, "1e-05"), (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"), (100, "100"),
        (1e21, "1e+21"), (2.5e-7, "2.5e-07"),
    ])
    func valueFormatting(value: Double, text: String) {
        #expect(GoFloat.shortest(value) == text)
        let rendered = PrometheusAlertTemplate.expand(
            "{{ $value }}", ruleName: "R", labels: [:], externalLabels: [:], externalURL: "", value: value,
            functions: .builtins)
        #expect(rendered == text)
    }
}
