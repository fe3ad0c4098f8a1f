import Foundation
import Governance

/// What a request's `Authorization` header carries.
enum Credentials: Sendable, Hashable {
    /// An API token (`Bearer vigil_…`).
    case bearer(String)
    /// A user name and password (`Basic base64(name:password)`), checked through `LoginGate`.
    case basic(name: String, password: String)

    /// Parses the header value; nil when there is no header. Read as bytes (RFC 9110 defines
    /// the field over octets): splitting, trimming and lower-casing it as `Character`s cost more
    /// than the rest of authenticating a cached token (Benchmarks/auth_overhead.py).
    /// - Throws: `AuthError.malformedHeader` naming what is wrong; the value itself is never echoed.
    init?(header: String?) throws(AuthError) {
        guard let header else { return nil }
        let bytes = header.utf8
        // The scheme is the first run of non-spaces, then one space, then the value.
        guard let start = bytes.firstIndex(where: { $0 != Self.space }),
              let end = bytes[start...].firstIndex(of: Self.space), bytes.index(after: end) < bytes.endIndex else {
            throw .malformedHeader("expected \"Bearer <token>\" or \"Basic <credentials>\"")
        }
        let scheme = bytes[start..<end]
        // Optional white space is space or tab (RFC 9110 §5.6.3).
        var rest = bytes[bytes.index(after: end)...].drop(while: Self.isOWS)
        while let last = rest.last, Self.isOWS(last) { rest = rest.dropLast() }
        let value = String(Substring(rest))
        // Schemes are case-insensitive (RFC 9110 §11.1).
        if scheme.elementsEqual("bearer".utf8, by: Self.equalIgnoringCase) {
            self = .bearer(value)
        } else if scheme.elementsEqual("basic".utf8, by: Self.equalIgnoringCase) {
            guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8),
                  let colon = text.firstIndex(of: ":") else {
                throw .malformedHeader("Basic credentials must be base64 of name:password")
            }
            self = .basic(name: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        } else {
            throw .malformedHeader("unsupported scheme; expected Bearer or Basic")
        }
    }

    private static let space = UInt8(ascii: " ")

    private static func isOWS(_ byte: UInt8) -> Bool { byte == space || byte == UInt8(ascii: "\t") }

    /// Whether `byte` is the lower-case ASCII letter `lower` in either case.
    private static func equalIgnoringCase(_ byte: UInt8, _ lower: UInt8) -> Bool { byte | 0x20 == lower }
}
