import Foundation

/// Why a caller is not let in. The HTTP layer maps all of these to 401, except `forbidden`
/// and `csrfMismatch` (403) and `lockedOut` (429); messages never contain a secret.
public enum AuthError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformedToken
    /// No credentials where the endpoint needs them.
    case missingCredentials
    /// An `Authorization` header that is neither `Bearer <token>` nor `Basic <credentials>`.
    case malformedHeader(String)
    /// Well-formed but not issued by this server (forged, or deleted).
    case unknownToken
    case tokenExpired(id: String, at: Date)
    case tokenRevoked(id: String)
    case userDisabled(name: String)
    /// Wrong user name or password; deliberately does not say which.
    case invalidCredentials
    case lockedOut(until: Date)
    case forbidden(missing: Permission)
    case unknownEndpoint(method: String, path: String)
    case unknownRole(String)
    /// A `vigil_session` cookie that is not a session token's shape.
    case malformedSession
    /// Well-formed but unknown (forged, or deleted after expiry).
    case unknownSession
    case sessionExpired
    case sessionRevoked
    /// A session token that had been replaced was presented again: taken as hijacking.
    case sessionReused
    /// A state-changing request signed in by cookie without its session's CSRF token (403).
    case csrfMismatch
    /// `auth.proxy_header` from a trusted proxy names no user.
    case unknownProxyUser(String)

    public var description: String {
        switch self {
        case .malformedToken: "malformed API token: expected vigil_ and 43 base64url characters"
        case .missingCredentials: "authentication required: send Authorization: Bearer <API token>"
        case .malformedHeader(let reason): "malformed Authorization header: \(reason)"
        case .unknownToken: "unknown API token"
        case .tokenExpired(let id, let at): "API token \(id) expired at \(at.formatted(.iso8601))"
        case .tokenRevoked(let id): "API token \(id) has been revoked"
        case .userDisabled(let name): "user \(quoted(name)) is disabled"
        case .invalidCredentials: "invalid user name or password"
        case .lockedOut(let until): "too many failed attempts; try again after \(until.formatted(.iso8601))"
        case .forbidden(let missing): "permission \(missing.rawValue) required"
        case .unknownEndpoint(let method, let path): "no permission is defined for \(method) \(quoted(path))"
        case .unknownRole(let name): "unknown role \(quoted(name))"
        case .malformedSession: "malformed session cookie"
        case .unknownSession: "unknown session; sign in again"
        case .sessionExpired: "session expired; sign in again"
        case .sessionRevoked: "session has been revoked; sign in again"
        case .sessionReused: "session token was already replaced; every session of its user is revoked"
        case .unknownProxyUser(let name): "user \(quoted(name)) named by the proxy header does not exist"
        case .csrfMismatch: "missing or wrong CSRF token: send the X-CSRF-Token header given at sign-in"
        }
    }
}
