import Foundation
import Governance

/// What a request's `Authorization` header carries.
enum Credentials: Sendable, Hashable {
    /// An API token (`Bearer vigil_…`).
    case bearer(String)
    /// A user name and password (`Basic base64(name:password)`), checked through `LoginGate`.
    case basic(name: String, password: String)

    /// Parses the header value; nil when there is no header.
    /// - Throws: `AuthError.malformedHeader` naming what is wrong; the value itself is never echoed.
    init?(header: String?) throws(AuthError) {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else { throw .malformedHeader("expected \"Bearer <token>\" or \"Basic <credentials>\"") }
        // Optional white space is space or tab (RFC 9110 §5.6.3); Foundation's trimming bridged
        // through NSString and cost more than the token lookup (Benchmarks/auth_overhead.py).
        let value = String(parts[1].drop(while: Self.isOWS).reversed().drop(while: Self.isOWS).reversed())
        switch parts[0].lowercased() {  // schemes are case-insensitive (RFC 9110 §11.1)
        case "bearer":
            self = .bearer(value)
        case "basic":
            guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8),
                  let colon = text.firstIndex(of: ":") else {
                throw .malformedHeader("Basic credentials must be base64 of name:password")
            }
            self = .basic(name: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        default:
            throw .malformedHeader("unsupported scheme; expected Bearer or Basic")
        }
    }

    private static func isOWS(_ character: Character) -> Bool { character == " " || character == "\t" }
}
