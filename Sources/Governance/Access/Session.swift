import Crypto
import Foundation

/// A browser session made by `POST /login`. The token itself is never stored, only its SHA-256
/// (as for `APIToken`).
public struct Session: Sendable, Hashable {
    public var id: String
    public var userID: String
    public var createdAt: Date
    /// Last request, written at most once a minute.
    public var lastSeenAt: Date
    /// The end of its time to live; rotation keeps it.
    public var expiresAt: Date
    public var revokedAt: Date?
    /// When its token was replaced (sign-in again, privilege change). Presenting a replaced token
    /// means two parties hold it: hijacking.
    public var rotatedAt: Date?
    /// The user's privileges changed: the next request replaces the token.
    public var mustRotate: Bool

    public init(id: String, userID: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date, revokedAt: Date? = nil,
                rotatedAt: Date? = nil, mustRotate: Bool = false) {
        self.id = id
        self.userID = userID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.rotatedAt = rotatedAt
        self.mustRotate = mustRotate
    }

    /// Why this session cannot be used at `now`, or nil if it can. A rotated token is reported
    /// first, whatever else is true of it, so reuse is always detected.
    public func refusal(at now: Date, idleTimeout: TimeInterval) -> AuthError? {
        if rotatedAt != nil { return .sessionReused }
        if let revokedAt, revokedAt <= now { return .sessionRevoked }
        if expiresAt <= now || lastSeenAt.addingTimeInterval(idleTimeout) <= now { return .sessionExpired }
        return nil
    }
}

extension TokenSecret {
    /// The CSRF token bound to this session token: HMAC-SHA256 of a fixed label keyed by the
    /// token, base64url. Recomputed from the cookie on each request, so nothing more is stored;
    /// another site can neither read the cookie nor compute it.
    public var csrfToken: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("vigil-csrf".utf8), using: SymmetricKey(data: Array(text.utf8)))
        return Self.base64URL(mac.withUnsafeBytes { Array($0) })
    }

    /// Whether `presented` is this session's CSRF token, compared in constant time.
    public func acceptsCSRF(_ presented: String?) -> Bool {
        guard let presented else { return false }
        return PasswordHasher.constantTimeEqual(Array(presented.utf8), Array(csrfToken.utf8))
    }
}
