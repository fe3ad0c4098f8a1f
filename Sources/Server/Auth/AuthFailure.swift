import Foundation
import Governance
import HTTPTypes
import Hummingbird

/// An `AuthError` in its HTTP form: the one place deciding status codes and challenge headers.
struct AuthFailure: Error, HTTPResponseError {
    let error: AuthError
    /// The message sent; defaults to the error's description.
    let message: String
    /// For `Retry-After` on a lockout.
    let now: Date

    init(_ error: AuthError, message: String? = nil, now: Date) {
        self.error = error
        self.message = message ?? error.description
        self.now = now
    }

    var status: HTTPResponse.Status {
        switch error {
        case .forbidden, .csrfMismatch: .forbidden
        case .lockedOut: .tooManyRequests
        case .unknownEndpoint: .notFound
        case .unknownRole: .forbidden  // a stored role the config no longer defines grants nothing
        case .malformedToken, .missingCredentials, .malformedHeader, .unknownToken, .tokenExpired, .tokenRevoked,
             .userDisabled, .invalidCredentials, .malformedSession, .unknownSession, .sessionExpired, .sessionRevoked,
             .sessionReused, .unknownProxyUser: .unauthorized
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        switch error {
        case .missingCredentials:
            headers[.wwwAuthenticate] = #"Bearer realm="vigil""#
        case .forbidden:
            headers[.wwwAuthenticate] = #"Bearer realm="vigil", error="insufficient_scope""#
        case .lockedOut(let until):
            headers[.retryAfter] = String(max(1, Int(until.timeIntervalSince(now).rounded(.up))))
        default:
            if status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="vigil", error="invalid_token""# }
        }
        return try HTTPError(status, headers: headers, message: message).response(from: request, context: context)
    }
}
