import Foundation
import Testing
@testable import Templating

/// Alertmanager functions newer than 0.25 (not covered by the amtool goldens) and the 0.26+ printing.
struct AlertmanagerFunctionTests {
    static let startsAt = instant("2024-03-05T14:07:09.25Z")
    static let clock = FixedClock(instant: startsAt.addingTimeInterval(90.5))
    static let functions = FunctionTable.builtins.merging(.alertmanager(clock: clock))
    static let data = TemplateValue.map(TemplateMap([
        "StartsAt": .time(startsAt), "Summer": .time(instant("2024-07-01T12:00:00Z")), "Zero": .time(goZeroTime), "Text": .string("  padded\t\n"), "Ratio": .float(.nan),
    ]))

    @Test("functions", arguments: [
        (#"{{ title "hello wORLD foo-bar" }}"#, "Hello World Foo-Bar"),
        (#"{{ toUpper "abc" }}|{{ toLower "ÀB" }}"#, "ABC|àb"),
        ("[{{ trimSpace .Text }}]", "[padded]"),
        (#"{{ safeUrl "https://x/?a=b" }}|{{ safeHtml "<b>" }}"#, "https://x/?a=b|<b>"),
        (#"{{ urlUnescape "a%20b+c%2Fd" }}"#, "a b c/d"),
        (#"{{ join ", " (stringSlice "a" "b") }}"#, "a, b"),
        (#"{{ date "2006-01-02 15:04:05.000 MST" .StartsAt }}"#, "2024-03-05 14:07:09.250 UTC"),
        (#"{{ date "Mon, 02 Jan 2006 3:04PM -07:00" .StartsAt }}"#, "Tue, 05 Mar 2024 2:07PM +00:00"),
        (#"{{ .StartsAt | date "Jan _2 06 15h" }}"#, "Mar  5 24 14h"),
        (#"{{ (tz "Asia/Kolkata" .StartsAt) | date "15:04 -0700 Z07:00" }}"#, "19:37 +0530 +05:30"),
        (#"{{ tz "UTC" .StartsAt }}"#, "2024-03-05 14:07:09.25 +0000 UTC"),
        (#"{{ tz "Europe/Berlin" .StartsAt }}"#, "2024-03-05 15:07:09.25 +0100 CET"),
        (#"{{ tz "America/New_York" .StartsAt | date "15:04 MST" }}"#, "09:07 EST"),
        (#"{{ tz "Europe/Berlin" .Summer | date "15:04 MST -07:00" }}"#, "14:00 CEST +02:00"),
        ("{{ since .StartsAt }}", "1m30.5s"),
        ("{{ since .StartsAt | humanizeDuration }}", "1m 30s"),
        ("{{ (since .StartsAt).Seconds }}", "90.5"),
        ("{{ humanizeDuration 3725 }}|{{ humanizeDuration 0.5 }}", "1h 2m 5s|500ms"),
        ("{{ .Zero }}|{{ .Zero.IsZero }}|{{ .StartsAt.Year }}", "0001-01-01 00:00:00 +0000 UTC|true|2024"),
        ("{{ now }}", "2024-03-05 14:08:39.75 +0000 UTC"),
        (#"{{ toJson (dict "b" 1.5 "a" (list "x<y" 1e-7 1e21 100000000.0 true nil)) }}"#,
         #"{"a":["x\u003cy",1e-7,1e+21,100000000,true,null],"b":1.5}"#),
        (#"{{ toJson .StartsAt }}|{{ toJson (since .StartsAt) }}"#, #""2024-03-05T14:07:09.25Z"|90500000000"#),
        (#"{{ base64encode "hi?>" }}|{{ base64decode "aGk_Pg==" }}"#, "aGk_Pg==|hi?>"),
        (#"{{ append (list 1) 2 "x" }}|{{ len (list) }}"#, "[1 2 x]|0"),
        (#"{{ toDate "2006-01-02" "2024-03-05" }}|{{ toDate "2006-01-02" "nope" }}"#,
         "2024-03-05 00:00:00 +0000 UTC|0001-01-01 00:00:00 +0000 UTC"),
        (#"{{ mustToDate "2006-01-02T15:04:05Z07:00" "2024-03-05T14:07:09.25+02:00" }}"#, "2024-03-05 12:07:09.25 +0000 UTC"),
        (#"{{ mustToDate "Jan _2 3:04PM 2006" "Mar  5 2:07PM 2024" | date "2006-01-02 15:04" }}"#, "2024-03-05 14:07"),
        (#"{{ (mustToDate "02/01/06 15:04:05.000" "05/03/24 14:07:09.250").UnixMilli }}"#, "1709647629250"),
        (#"{{ (dict "k" "v").k }}|{{ range $k, $v := dict "z" 1 "a" 2 }}{{ $k }}{{ $v }}{{ end }}"#, "v|a2z1"),
    ])
    func function(template: String, output: String) {
        expectRender(template, data: Self.data, functions: Self.functions, output: output)
    }

    @Test("bad input", arguments: [
        (#"{{ urlUnescape "%zz" }}"#, #"template: :1:3: executing "" at <urlUnescape "%zz">: error calling urlUnescape: invalid URL escape "%zz""#),
        (#"{{ tz "Mars/Olympus" .StartsAt }}"#, #"template: :1:3: executing "" at <tz "Mars/Olympus" .StartsAt>: error calling tz: unknown time zone Mars/Olympus"#),
        (#"{{ date "15:04" "now" }}"#, #"template: :1:16: executing "" at <"now">: can't handle "now" for arg of type time.Time"#),
        (#"{{ since .Text }}"#, #"template: :1:9: executing "" at <.Text>: wrong type for value; expected time.Time; got string"#),
        (#"{{ humanizeDuration "soon" }}"#, #"template: :1:3: executing "" at <humanizeDuration "soon">: error calling humanizeDuration: strconv.ParseFloat: parsing "soon": invalid syntax"#),
        (#"{{ mustToDate "2006-01-02" "2024-13-01" }}"#, #"template: :1:3: executing "" at <mustToDate "2006-01-02" "2024-13-01">: error calling mustToDate: parsing time "2024-13-01": month out of range"#),
        (#"{{ mustToDate "2006-01-02" "2024-02-30" }}"#, #"template: :1:3: executing "" at <mustToDate "2006-01-02" "2024-02-30">: error calling mustToDate: parsing time "2024-02-30": day out of range"#),
        (#"{{ mustToDate "2006-01-02" "24-03-05" }}"#, #"template: :1:3: executing "" at <mustToDate "2006-01-02" "24-03-05">: error calling mustToDate: parsing time "24-03-05" as "2006-01-02": cannot parse "24-03-05" as "2006""#),
        (#"{{ mustToDate "2006-01-02" "2024-03-05x" }}"#, #"template: :1:3: executing "" at <mustToDate "2006-01-02" "2024-03-05x">: error calling mustToDate: parsing time "2024-03-05x": extra text: "x""#),
        (#"{{ dict "a" }}"#, #"template: :1:3: executing "" at <dict "a">: error calling dict: dict requires an even number of arguments"#),
        (#"{{ dict 1 2 }}"#, #"template: :1:3: executing "" at <dict 1 2>: error calling dict: dict keys must be strings"#),
        (#"{{ base64decode "a$" }}"#, #"template: :1:3: executing "" at <base64decode "a$">: error calling base64decode: illegal base64 data at input byte 1"#),
        (#"{{ append (stringSlice "a") "b" }}"#, #"template: :1:11: executing "" at <stringSlice "a">: wrong type for value; expected []interface {}; got []string"#),
        (#"{{ toJson (dict "f" .Ratio) }}"#, #"template: :1:3: executing "" at <toJson (dict "f" .Ratio)>: error calling toJson: json: unsupported value: NaN"#),
        (#"{{ match "(" "x" }}"#, #"template: :1:3: executing "" at <match "(" "x">: error calling match: error parsing regexp: invalid pattern: `(`"#),
    ])
    func badInput(template: String, error: String) {
        expectRender(template, data: Self.data, functions: Self.functions, error: error)
    }

    @Test func currentAlertmanagerPrintsLabelSetsAsPairs() throws {
        let data = AlertmanagerGoldenTests.sampleData.templateValue()
        expectRender("{{ .CommonLabels }}|{{ .GroupLabels.SortedPairs }}", data: data, functions: Self.functions,
                     output: "alertname=HighLatency, job=api, severity=page|alertname=HighLatency")
        let legacy = AlertmanagerGoldenTests.sampleData.templateValue(types: .v0_25)
        expectRender("{{ .CommonLabels }}", data: legacy, functions: Self.functions,
                     output: "map[alertname:HighLatency job:api severity:page]")
    }

    @Test func toJsonUsesAlertmanagersFieldNames() {
        let alert = AlertmanagerGoldenTests.sampleData.alerts[0].templateValue()
        expectRender("{{ toJson . }}", data: alert, functions: Self.functions, output: #"{"status":"firing","labels":{"alertname":"HighLatency","instance":"a.example.com:9100","job":"api","severity":"page"},"annotations":{"description":"p99 above 2s","summary":"Latency is high"},"startsAt":"2024-03-05T14:07:09.25Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom:9090/graph?g0.expr=up","fingerprint":"a1b2c3d4e5f60708"}"#)
    }

    @Test func sortedPairsPutAlertnameFirst() {
        let labels = AlertmanagerTypes.current.kv(["zone": "z", "alertname": "A", "Zeta": "x", "app": "y"])
        expectRender("{{ range .SortedPairs }}{{ .Name }} {{ end }}|{{ .Names }}|{{ .Values }}", data: labels,
                     functions: Self.functions, output: "alertname Zeta app zone |[alertname Zeta app zone]|[A x y z]")
    }
}
