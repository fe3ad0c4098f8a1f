import Alerting
import Foundation
import Testing

@testable import Notifiers

@Suite struct GoTimeTests {
    @Test(
        "formats like Go's RFC3339Nano in UTC",
        arguments: [
            (1_767_323_045.123, "2026-01-02T03:04:05.123Z"),
            (1_767_322_800, "2026-01-02T03:00:00Z"),
            (1_767_324_600.5, "2026-01-02T03:30:00.5Z"),
            (0.000_001, "1970-01-01T00:00:00.000001Z"),
            (-0.25, "1969-12-31T23:59:59.75Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),  // leap day
            (4_102_444_799, "2099-12-31T23:59:59Z"),
        ])
    func rfc3339Nano(seconds: Double, text: String) {
        #expect(GoTime.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func rfc1123Z() {
        #expect(GoTime.rfc1123Z(Date(timeIntervalSince1970: 1_767_325_500.9)) == "Fri, 02 Jan 2026 03:45:00 +0000")
        #expect(GoTime.rfc1123Z(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
    }
}

@Suite struct GoJSONTests {
    @Test(
        "escapes strings as encoding/json does",
        arguments: [
            ("plain", #""plain""#),
            ("<a href=\"x\">&</a>", #""\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e""#),
            ("tab\tnl\ncr\r\u{8}\u{C}\u{1}", #""tab\tnl\ncr\r\b\f\u0001""#),
            ("\u{2028}\u{2029}é☕", #""\u2028\u2029é☕""#),
            ("back\\slash", #""back\\slash""#),
        ])
    func escapes(text: String, json: String) {
        #expect(String(decoding: GoJSON.string(text).encoded(), as: UTF8.self) == json + "\n")
    }

    @Test func mapsSortKeysAndObjectsKeepOrder() {
        let value = GoJSON.object([
            ("z", .map(["b": "2", "a": "1", "B": "0"])), ("a", .array([.int(1), .bool(false), .null])),
        ])
        #expect(
            String(decoding: value.encoded(), as: UTF8.self) == #"{"z":{"B":"0","a":"1","b":"2"},"a":[1,false,null]}"#
                + "\n")
    }
}

@Suite struct MailEncodingTests {
    @Test(
        "quoted-printable like Go's mime/quotedprintable",
        arguments: [
            ("a=b", "a=3Db"),
            ("line one\nline two", "line one\r\nline two"),
            ("trailing space \nx", "trailing space=20\r\nx"),
            ("café", "caf=C3=A9"),
            (
                String(repeating: "x", count: 80),
                String(repeating: "x", count: 75) + "=\r\n" + String(repeating: "x", count: 5)
            ),
        ])
    func quotedPrintable(text: String, encoded: String) {
        #expect(String(decoding: MailEncoding.quotedPrintable(text), as: UTF8.self) == encoded)
    }

    @Test(
        "Q-encodes only headers that need it",
        arguments: [
            ("Alert: HighLatency", "Alert: HighLatency"),
            ("café ok", "=?utf-8?q?caf=C3=A9_ok?="),
            ("evil\r\nBcc: x@y", "=?utf-8?q?evil=0D=0ABcc:_x@y?="),
        ])
    func qEncoding(value: String, header: String) {
        #expect(MailEncoding.qEncodedHeader(value) == header)
    }

    @Test func longHeaderSplitsIntoWordsOf75() {
        let words = MailEncoding.qEncodedHeader(String(repeating: "é", count: 40)).split(separator: " ")
        #expect(words.count == 4)  // 10 "é" (=C3=A9) fit in one word
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?utf-8?q?") && $0.hasSuffix("?=") })
    }

    @Test(
        "address lists",
        arguments: [
            ("a@example.com", ["a@example.com"]),
            (
                #"a@example.com, "Doe, Jane" <jane@example.com>,Ops <ops@example.com>"#,
                ["a@example.com", "jane@example.com", "ops@example.com"]
            ),
        ])
    func addresses(list: String, addresses: [String]) throws {
        #expect(try MailAddress.parseList(list) == addresses)
    }

    @Test("bad address lists", arguments: ["", "not-an-address", "a@b, ", "<>"])
    func badAddresses(list: String) {
        #expect(throws: MailAddress.Invalid.self) { try MailAddress.parseList(list) }
    }
}

@Suite struct SMTPReplyParserTests {
    @Test func assemblesMultilineReplies() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.consume("250-vigil.test") == nil)
        #expect(try parser.consume("250-AUTH PLAIN LOGIN") == nil)
        let reply = try #require(try parser.consume("250 STARTTLS"))
        #expect(reply == SMTPReply(code: 250, lines: ["vigil.test", "AUTH PLAIN LOGIN", "STARTTLS"]))
        #expect(SMTPExtensions(ehlo: reply).authMechanisms == ["PLAIN", "LOGIN"])
        #expect(SMTPExtensions(ehlo: reply).has("STARTTLS"))
        #expect(try parser.consume("221") == SMTPReply(code: 221, lines: [""]))
    }

    @Test("rejects malformed lines", arguments: ["", "25", "abc hello", "250_x", "999 x"])
    func rejects(line: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.consume(line) }
    }

    @Test func rejectsCodeChangeMidReply() throws {
        var parser = SMTPReplyParser()
        _ = try parser.consume("250-first")
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.consume("251 second") }
    }
}
