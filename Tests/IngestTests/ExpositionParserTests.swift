import Foundation
import Ingest
import Testing
import VigilCore

struct ExpositionParserTests {
    static let valid: [(String, [Row])] = [
        ("foo 1", [Row(#"{__name__="foo"}"#, defaultTS, 1)]),
        ("foo{a=\"1\",b=\"2\"} 2.5 1712345678901", [Row(#"{__name__="foo", a="1", b="2"}"#, 1_712_345_678_901, 2.5)]),
        ("foo{b=\"2\",a=\"1\"} 3", [Row(#"{__name__="foo", a="1", b="2"}"#, defaultTS, 3)]),
        ("foo { a = \"1\" , } \t 3", [Row(#"{__name__="foo", a="1"}"#, defaultTS, 3)]),
        ("foo{} 4", [Row(#"{__name__="foo"}"#, defaultTS, 4)]),
        ("  foo 5\r", [Row(#"{__name__="foo"}"#, defaultTS, 5)]),
        (#"foo{a="x\\y\"z\nw"} 1"#, [Row(#"{__name__="foo", a="x\\y\"z\nw"}"#, defaultTS, 1)]),
        (#"foo{a="\t"} 1"#, [Row(#"{__name__="foo", a="\\t"}"#, defaultTS, 1)]),
        ("foo{a=\"é,}{\"} 1", [Row(#"{__name__="foo", a="é,}{"}"#, defaultTS, 1)]),
        ("foo{a=\"\"} 1", [Row(#"{__name__="foo"}"#, defaultTS, 1)]),
        ("{__name__=\"foo\",a=\"b\"} 1", [Row(#"{__name__="foo", a="b"}"#, defaultTS, 1)]),
        ("ns:foo_bar:rate5m 1", [Row(#"{__name__="ns:foo_bar:rate5m"}"#, defaultTS, 1)]),
        ("foo NaN", [Row(#"{__name__="foo"}"#, defaultTS, .nan)]),
        ("foo +Inf", [Row(#"{__name__="foo"}"#, defaultTS, .infinity)]),
        ("foo -Inf", [Row(#"{__name__="foo"}"#, defaultTS, -.infinity)]),
        ("foo inf", [Row(#"{__name__="foo"}"#, defaultTS, .infinity)]),
        ("foo 1e3", [Row(#"{__name__="foo"}"#, defaultTS, 1000)]),
        ("foo -1.5E-2", [Row(#"{__name__="foo"}"#, defaultTS, -0.015)]),
        ("foo .5", [Row(#"{__name__="foo"}"#, defaultTS, 0.5)]),
        ("foo 5.", [Row(#"{__name__="foo"}"#, defaultTS, 5)]),
        ("foo 0.1", [Row(#"{__name__="foo"}"#, defaultTS, 0.1)]),
        ("foo 123456789012345678901234567890", [Row(#"{__name__="foo"}"#, defaultTS, 123456789012345678901234567890.0)]),
        ("foo 1.7976931348623157e308", [Row(#"{__name__="foo"}"#, defaultTS, .greatestFiniteMagnitude)]),
        ("foo 4.9e-324", [Row(#"{__name__="foo"}"#, defaultTS, .leastNonzeroMagnitude)]),
        ("foo 0.30000000000000004", [Row(#"{__name__="foo"}"#, defaultTS, 0.30000000000000004)]),
        ("foo -0", [Row(#"{__name__="foo"}"#, defaultTS, -0.0)]),
        ("foo_total 1 # {trace_id=\"a\"} 1 1.5", [Row(#"{__name__="foo_total"}"#, defaultTS, 1)]),
        ("foo_total 1 1712345678 # {trace_id=\"a\"} 1", [Row(#"{__name__="foo_total"}"#, 1_712_345_678_000, 1)]),
        ("# HELP foo Some help, with \\n escapes\n# TYPE foo counter\n# UNIT foo seconds\n# just a comment\n#comment\n#\n\n", []),
        ("# TYPE a gauge\n# TYPE b histogram\n# TYPE c summary\n# TYPE d untyped\n# TYPE e unknown\n# TYPE f gaugehistogram\n# TYPE g stateset\n# TYPE h info", []),
        ("foo 1\n# EOF\n", [Row(#"{__name__="foo"}"#, defaultTS, 1)]),
        ("foo 1\n# EOF", [Row(#"{__name__="foo"}"#, defaultTS, 1)]),
        ("a 1\nb{x=\"y\"} 2\na 3\n", [Row(#"{__name__="a"}"#, defaultTS, 1), Row(#"{__name__="b", x="y"}"#, defaultTS, 2),
                                     Row(#"{__name__="a"}"#, defaultTS, 3)]),
    ]

    @Test(arguments: valid)
    func parsesValidLines(_ body: String, _ expected: [Row]) {
        let result = parse(body)
        #expect(result.errors == [])
        #expect(result.rows == expected)
    }

    static let invalid: [(String, String)] = [
        (#"foo{job="a",instance} 1"#, #"line 1: expected '=' after label name "instance""#),
        ("foo{job=a} 1", #"line 1: expected '"' to start the value of label "job""#),
        (#"foo{job="a" 1"#, #"line 1: expected ',' or '}' after the value of label "job", found "1""#),
        (#"foo{job="a} 1"#, #"line 1: unterminated value of label "job""#),
        (#"foo{1a="x"} 1"#, #"line 1: expected a label name or '}', found "1""#),
        (#"foo{a="1",a="2"} 1"#, #"line 1: duplicate label name "a""#),
        (#"foo{__name__="bar"} 1"#, #"line 1: duplicate label name "__name__""#),
        (#"{a="b"} 1"#, "line 1: missing metric name"),
        ("foo{a=\"1\"", #"line 1: expected ',' or '}' after the value of label "a""#),
        ("foo", "line 1: expected a value after the series"),
        ("foo{a=\"1\"}", "line 1: expected a value after the series"),
        ("foo{a=\"1\"}1", #"line 1: expected a space after the label set, found "1""#),
        ("foo abc", #"line 1: invalid value "abc""#),
        ("foo 0x10", #"line 1: invalid value "0x10""#),
        ("foo 1e", #"line 1: invalid value "1e""#),
        ("foo -NaN", #"line 1: invalid value "-NaN""#),
        ("foo 1 abc", #"line 1: invalid timestamp "abc""#),
        ("foo 1 2 3", #"line 1: unexpected "3" after the timestamp"#),
        ("foo 1 # x", "line 1: expected an exemplar label set after '#'"),
        ("foo-bar 1", #"line 1: invalid character "-" in metric name"#),
        ("123 1", #"line 1: expected a metric name, found "1""#),
        ("# TYPE foo histo", #"line 1: invalid metric type "histo""#),
        ("# TYPE foo", "line 1: expected a metric type after # TYPE foo"),
        ("# TYPE", "line 1: expected a metric name after # TYPE"),
        ("# TYPE foo counter extra", "line 1: unexpected text after the metric type"),
        ("# HELP 1foo text", #"line 1: invalid metric name "1foo" after # HELP"#),
        ("# EOF junk", "line 1: unexpected text after # EOF"),
        ("# EOF\nfoo 1", "line 2: unexpected content after # EOF"),
    ]

    @Test(arguments: invalid)
    func reportsInvalidLines(_ body: String, _ message: String) {
        let result = parse(body)
        #expect(result.rows == [])
        #expect(result.errors == [message])
        #expect(result.invalidLines == 1)
    }

    @Test func invalidUTF8InLabelValue() {
        var bytes = Array("foo{a=\"".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\"} 1\n".utf8)
        let result = parse(chunks: [bytes])
        #expect(result.errors == [#"line 1: invalid UTF-8 in the value of label "a""#])
    }

    @Test func validLinesAroundInvalidOnesAreKept() {
        let body = "a 1\n# TYPE a gauge\nb{x=y} 2\na 3\nc 1 2 3\n\nd 4\n"
        let result = parse(body)
        #expect(result.rows == [Row(#"{__name__="a"}"#, defaultTS, 1), Row(#"{__name__="a"}"#, defaultTS, 3),
                                Row(#"{__name__="d"}"#, defaultTS, 4)])
        #expect(result.errors == [#"line 3: expected '"' to start the value of label "x""#,
                                  #"line 5: unexpected "3" after the timestamp"#])
        #expect(result.invalidLines == 2)
    }

    @Test func reportsTheFirstTenErrorsAndCountsAll() {
        let body = (1...15).map { "bad\($0)\n" }.joined()
        let result = parse(body)
        #expect(result.invalidLines == 15)
        #expect(result.errors.count == 10)
        #expect(result.errors.first == "line 1: expected a value after the series")
        #expect(result.errors.last == "line 10: expected a value after the series")
    }

    @Test func aKnownSeriesSpelledBadlyStillFails() {
        // The series cache must not hide errors in the rest of the line.
        let result = parse("foo{a=\"1\"} 1\nfoo{a=\"1\"} x\nfoo{a=\"1\"}1\nfoo{a=\"1\"} 2\n")
        #expect(result.rows.count == 2)
        #expect(result.errors == [#"line 2: invalid value "x""#, #"line 3: expected a space after the label set, found "1""#])
    }

    @Test func braceInsideALabelValueOfAKnownSeries() {
        // Known series are first looked up by the bytes up to the first '}'; a quoted '}' (with
        // or without a space after it) must still give the whole series, every time.
        let line1 = #"m{a="} x",b="1"} 1 1000"#, line2 = #"m{a="}",b="2"} 2 1000"#, line3 = #"m{a="x} 1"} 3 1000"#
        let body = [line1, line2, line3, line1, line2, line3, "m{a=\"}\"} x 1000"].joined(separator: "\n") + "\n"
        let result = parse(body, unit: .milliseconds)
        let rows = [Row(#"{__name__="m", a="} x", b="1"}"#, 1000, 1), Row(#"{__name__="m", a="}", b="2"}"#, 1000, 2),
                    Row(#"{__name__="m", a="x} 1"}"#, 1000, 3)]
        #expect(result.rows == rows + rows)
        #expect(result.errors == [#"line 7: invalid value "x""#])
    }

    @Test func overlongLinesAreReportedAndSkipped() {
        var parser = ExpositionParser(defaultTimestamp: 0, maxLineBytes: 16)
        var batch = SampleBatch()
        parser.feed(Array("a 1\nfoo{a=\"0123456789\"} 1\nb 2\n".utf8), into: &batch)
        parser.feed(Array("c{x=\"0123456789abcdef".utf8), into: &batch)
        parser.feed(Array("0123456789\"} 3\nd 4".utf8), into: &batch)
        parser.finish(into: &batch)
        #expect(batch.count == 3)
        #expect(parser.errors.map(\.description) == ["line 2: longer than 16 bytes", "line 4: longer than 16 bytes"])
    }
}

struct TimestampUnitTests {
    static let rows: [(String, TimestampUnit, Int64, TimestampUnit)] = [
        // body, unit given, expected timestamp of the (last) sample, unit used
        ("foo 1 1712345678", .auto, 1_712_345_678_000, .seconds),
        ("foo 1 1712345678901", .auto, 1_712_345_678_901, .milliseconds),
        ("foo 1 1712345678.5", .auto, 1_712_345_678_500, .seconds),
        ("foo 1 1712345678.5\n# EOF\n", .auto, 1_712_345_678_500, .seconds),
        ("# TYPE foo info\nfoo_info 1 1712345678901", .auto, 1_712_345_678_901_000, .seconds),
        ("# UNIT foo seconds\nfoo 1 100", .auto, 100_000, .seconds),
        ("foo 1 1712345678901\nfoo 2 1712345679", .auto, 1_712_345_679, .milliseconds),
        ("foo 1 1712345678\nfoo 2 1712345679000", .auto, 1_712_345_679_000_000, .seconds),
        ("foo 1", .auto, defaultTS, .auto),
        ("foo 1 100", .milliseconds, 100, .milliseconds),
        ("foo 1 -100", .milliseconds, -100, .milliseconds),
        ("foo 1 100", .seconds, 100_000, .seconds),
        ("foo 1 1.0015", .seconds, 1002, .seconds),
        ("foo 1 1.0014999", .seconds, 1001, .seconds),
        ("foo 1 -1.5", .seconds, -1500, .seconds),
        ("foo 1 1.7e9", .seconds, 1_700_000_000_000, .seconds),
        ("foo 1 .25", .seconds, 250, .seconds),
    ]

    @Test(arguments: rows)
    func timestamps(_ body: String, _ unit: TimestampUnit, _ expected: Int64, _ used: TimestampUnit) {
        let result = parse(body, unit: unit)
        #expect(result.errors == [])
        #expect(result.rows.last?.timestamp == expected)
        #expect(result.unit == used)
    }

    @Test func fractionalMillisecondsAreInvalid() {
        let result = parse("foo 1 1.5", unit: .milliseconds)
        #expect(result.errors == [#"line 1: invalid timestamp "1.5" (integer milliseconds expected)"#])
    }

    @Test func peerBenchBodies() {
        // sutq: OpenMetrics as gen_openmetrics.py writes it (seconds, # EOF last, no TYPE lines)
        let sutq = "sdk_attribution_validations_total{enforcement_mode=\"enforce\",sdk_version=\"1.0.0\",origin_system=\"sys-0000\"} 5071 1712340015\n"
            + "runs_legacy_bucket_size 193 1712340015\n# EOF\n"
        let a = parse(sutq)
        #expect(a.errors == [])
        #expect(a.rows.map(\.timestamp) == [1_712_340_015_000, 1_712_340_015_000])
        // ingest: text with millisecond timestamps, no # EOF
        let ingest = "divan_auth_failures_by_ip{ip_prefix=\"10.1.2.0/24\"} 17 1712340015000\n"
        let b = parse(ingest)
        #expect(b.rows == [Row(#"{__name__="divan_auth_failures_by_ip", ip_prefix="10.1.2.0/24"}"#, 1_712_340_015_000, 17)])
    }

    @Test(arguments: [
        (nil, TimestampUnit.auto), ("text/plain", .auto), ("text/plain; version=0.0.4", .auto),
        ("application/openmetrics-text; version=1.0.0; charset=utf-8", .seconds), ("Application/OpenMetrics-Text", .seconds),
    ] as [(String?, TimestampUnit)])
    func contentType(_ header: String?, _ unit: TimestampUnit) {
        #expect(TimestampUnit.forContentType(header) == unit)
    }
}

struct ChunkBoundaryTests {
    static let body = """
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000
        msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
        metric_without_timestamp_and_labels 12.47
        something_weird{problem="division by zero"} +Inf -3982045000
        bad{x=1} 2
        http_request_duration_seconds_bucket{le="0.05"} 24054\r
        http_request_duration_seconds_bucket{le="+Inf"} 144320
        http_requests_total{method="post",code="200"} 1028 1395066364000
        rpc_duration_seconds{quantile="0.99"} NaN
        last_line_without_newline 7
        """

    @Test func everySplitPositionGivesTheSameResult() {
        let bytes = Array(Self.body.utf8)
        let whole = parse(chunks: [bytes], unit: .milliseconds)
        #expect(whole.rows.count == 10)
        #expect(whole.errors == [#"line 8: expected '"' to start the value of label "x""#])
        for cut in 0...bytes.count {
            let split = parse(chunks: [Array(bytes[..<cut]), Array(bytes[cut...])], unit: .milliseconds)
            #expect(split.rows == whole.rows, "split at \(cut)")
            #expect(split.errors == whole.errors, "split at \(cut)")
        }
        for size in [1, 2, 3, 7, 64] {
            let chunks = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
            let split = parse(chunks: chunks, unit: .milliseconds)
            #expect(split.rows == whole.rows, "chunks of \(size)")
            #expect(split.errors == whole.errors, "chunks of \(size)")
        }
    }

    /// TYPE, HELP and UNIT are kept per family for the metadata API: untyped reads as "unknown",
    /// HELP escapes are undone, and a bad TYPE line records nothing.
    @Test func metadataPerFamily() {
        let body = """
            # HELP http_requests_total Requests, with a backslash \\\\ and a \\n newline.
            # TYPE http_requests_total counter
            http_requests_total{code="200"} 3
            # TYPE temperature untyped
            temperature 21
            # HELP only_help  Two spaces keep one.
            # TYPE broken nonsense
            # UNIT size_bytes bytes
            """
        var parser = ExpositionParser(timestampUnit: .milliseconds, defaultTimestamp: 0)
        var batch = SampleBatch()
        parser.feed(Array(body.utf8), into: &batch)
        parser.finish(into: &batch)
        #expect(batch.metadata["http_requests_total"] == MetricMetadata(type: "counter", help: "Requests, with a backslash \\ and a \n newline."))
        #expect(batch.metadata["temperature"] == MetricMetadata(type: "unknown"))
        #expect(batch.metadata["only_help"] == MetricMetadata(help: " Two spaces keep one."))
        #expect(batch.metadata["broken"] == nil)
        #expect(batch.metadata["size_bytes"] == MetricMetadata(unit: "bytes"))
        #expect(parser.errors.map(\.description) == ["line 7: invalid metric type \"nonsense\""])
    }
}
