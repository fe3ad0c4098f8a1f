import Foundation
import Governance
import Testing

/// Canonical JSON: one spelling per value, whatever the input.
@Suite struct AuditValueTests {
    @Test("encodes canonically", arguments: [
        (AuditValue.null, "null"),
        (.bool(true), "true"),
        (.int(-12), "-12"),
        (.int(Int64.min), "-9223372036854775808"),
        (.string(""), #""""#),
        (.string("a\"b\\c/d"), #""a\"b\\c/d""#),
        (.string("line1\nline2\t\u{0}\u{7F}"), #""line1\u000aline2\u0009\u0000\u007f""#),
        (.string("é ✓ 🔔"), "\"é ✓ 🔔\""),
        (.string("'; DROP TABLE auditLedger;--"), #""'; DROP TABLE auditLedger;--""#),
        (.array([.int(1), .null, .array([])]), "[1,null,[]]"),
        (.object(["b": 1, "a": 2, "aa": 3, "B": 4, "é": 5]), #"{"B":4,"a":2,"aa":3,"b":1,"é":5}"#),
        (.object(["z": ["y": ["x": "w"]]]), #"{"z":{"y":{"x":"w"}}}"#),
    ])
    func encodes(value: AuditValue, text: String) {
        #expect(value.canonicalText == text)
    }

    @Test("decodes what it encodes", arguments: [
        AuditValue.object(["s": "x\u{1}y", "n": -5, "a": [true, false, nil], "o": [:]]),
        .string("\u{0}"), .int(Int64.max), .array([]),
    ])
    func roundTrips(value: AuditValue) throws {
        let decoded = try JSONDecoder().decode(AuditValue.self, from: Data(value.canonicalBytes))
        #expect(decoded == value)
    }

    @Test("refuses numbers without a canonical form", arguments: ["1.5", "1e400", "[0.1]", #"{"a":-0.5}"#])
    func refusesFractions(text: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AuditValue.self, from: Data(text.utf8)) }
    }
}
