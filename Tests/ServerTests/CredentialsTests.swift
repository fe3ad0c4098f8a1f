import Governance
@testable import Server
import Testing

/// The `Authorization` header, parsed as bytes: schemes in any case, one space after the
/// scheme, optional white space around the value.
@Suite struct CredentialsTests {
    @Test("well-formed headers", arguments: [
        ("Bearer vigil_abc", Credentials.bearer("vigil_abc")),
        ("bEARER vigil_abc", .bearer("vigil_abc")),
        ("  Bearer \t vigil_abc \t ", .bearer("vigil_abc")),
        ("Bearer  ", .bearer("")),
        ("Bearer a b", .bearer("a b")),
        ("Basic YW5uOmNvcnJlY3QgaG9yc2U=", .basic(name: "ann", password: "correct horse")),
        ("BASIC YW5uOjp4", .basic(name: "ann", password: ":x")),
    ])
    func parses(header: String, expected: Credentials) throws {
        #expect(try Credentials(header: header) == expected)
    }

    @Test("malformed headers name the problem", arguments: [
        ("", #"expected "Bearer <token>" or "Basic <credentials>""#),
        ("   ", #"expected "Bearer <token>" or "Basic <credentials>""#),
        ("Bearer", #"expected "Bearer <token>" or "Basic <credentials>""#),
        ("Bearer ", #"expected "Bearer <token>" or "Basic <credentials>""#),
        ("Bearer\tvigil_abc", #"expected "Bearer <token>" or "Basic <credentials>""#),
        ("Bearerx vigil_abc", "unsupported scheme; expected Bearer or Basic"),
        ("Digest abc", "unsupported scheme; expected Bearer or Basic"),
        ("Bëarer abc", "unsupported scheme; expected Bearer or Basic"),
        ("Basic !!!", "Basic credentials must be base64 of name:password"),
        ("Basic YW5u", "Basic credentials must be base64 of name:password"),
    ])
    func refuses(header: String, reason: String) {
        #expect(throws: AuthError.malformedHeader(reason)) { try Credentials(header: header) }
    }

    @Test func noHeaderIsNoCredentials() throws {
        #expect(try Credentials(header: nil) == nil)
    }
}
