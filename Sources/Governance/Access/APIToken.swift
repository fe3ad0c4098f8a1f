import Crypto
import Foundation

/// An API token's stored record. The secret itself is never stored, only its SHA-256.
public struct APIToken: Sendable, Hashable {
    public var id: String
    public var userID: String
    /// What it is for, chosen by its creator.
    public var name: String
    /// The role it is scoped to; requests get at most the permissions of this role.
    public var role: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(id: String, userID: String, name: String, role: String, createdAt: Date, expiresAt: Date? = nil,
                revokedAt: Date? = nil, lastUsedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// Why this token cannot be used at `now`, or nil if it can.
    public func refusal(at now: Date) -> AuthError? {
        if let revokedAt, revokedAt <= now { return .tokenRevoked(id: id) }
        if let expiresAt, expiresAt <= now { return .tokenExpired(id: id, at: expiresAt) }
        return nil
    }
}

/// The secret half of an API token (`vigil_`) or of a session (`vigils_`): the prefix and 43
/// base64url characters (32 random bytes), shown to its owner once.
public struct TokenSecret: Sendable, Hashable, CustomStringConvertible {
    public static let prefix = "vigil_"
    /// The prefix of session tokens, sent in the `vigil_session` cookie.
    public static let sessionPrefix = "vigils_"
    /// The full token text the client sends as `Authorization: Bearer <text>` or in the cookie.
    public let text: String

    /// A new random token from the system's secure generator.
    public static func generate(prefix: String = TokenSecret.prefix) -> TokenSecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return TokenSecret(text: prefix + base64URL(bytes))
    }

    /// Accepts only the exact shape `generate(prefix:)` makes, so garbage never reaches the database.
    public init(parsing text: String, prefix: String = TokenSecret.prefix) throws(AuthError) {
        guard text.utf8.starts(with: prefix.utf8) else { throw .malformedToken }
        let body = text.utf8.dropFirst(prefix.utf8.count)
        guard body.count == 43, body.allSatisfy(Self.isBase64URL) else { throw .malformedToken }
        self.text = text
    }

    private init(text: String) { self.text = text }

    /// Lowercase hex SHA-256 of the token text: what is stored and looked up.
    /// Hashed from the text's own bytes: every bearer request computes it (`VerifiedTokenCache`).
    public var hash: String {
        var text = text
        return text.withUTF8 { LedgerHasher.hex(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    /// Never prints the secret.
    public var description: String { "TokenSecret(redacted)" }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
