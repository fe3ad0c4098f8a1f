import Foundation
import Governance
import HTTPTypes
import Hummingbird
import Logging
import Persistence

/// Authenticates and authorizes every request before routing: finds the request's row in
/// `EndpointPermission.table`, checks the credentials (`AccessControl`), asks `Authorizer`,
/// and puts the principal in the context for handlers and the ledger.
///
/// Answers 401 with `WWW-Authenticate: Bearer` for missing or bad credentials, 403 naming the
/// missing permission or a missing CSRF token (state-changing requests signed in by cookie),
/// 429 while a password sign-in is locked out, and 404 for a request no row covers (nothing
/// routes it either: `RouterTableTests`). A session rotated by the request gets its new
/// cookies on the response, error or not. With `auth.mode: none` it only lets requests through.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext
    let control: AccessControl

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard control.mode == .token else { return try await next(request, context) }
        let method = request.method.rawValue, path = request.uri.path
        guard let row = EndpointPermission.row(method: method, path: path) else {
            throw HTTPError(.notFound, message: AuthError.unknownEndpoint(method: method, path: path).description)
        }
        if case .public = row.requirement { return try await next(request, context) }
        var context = context
        var session: SessionSignIn?
        do {
            let found = try await control.authenticate(request.headers, row: row, peer: context.remoteAddress, logger: context.logger)
            guard let found else { throw AuthError.missingCredentials }
            session = found.session
            if let session, !Self.isSafe(request.method),
               !session.presented.acceptsCSRF(request.headers[SessionCookie.csrfHeader]) {
                throw AuthError.csrfMismatch
            }
            try Authorizer.authorize(found.principal, for: row)
            context.principal = found.principal
        } catch let error as AuthError {
            context.logger.info("request refused", metadata: ["auth.reason": "\(error)", "http.path": "\(path)"])
            var message: String?
            if case .forbidden = error { message = "\(error) for \(method) \(path)" }
            let failure = AuthFailure(error, message: message, now: control.now())
            guard let session, session.rotated else { throw failure }
            return withCookies(try failure.response(from: request, context: context), session)
        }
        guard let session, session.rotated else { return try await next(request, context) }
        do {
            return withCookies(try await next(request, context), session)
        } catch let error as any HTTPResponseError {
            return withCookies(try error.response(from: request, context: context), session)
        }
    }

    /// `response` carrying the rotated session's new cookies: the old token is dead from now on.
    private func withCookies(_ response: Response, _ session: SessionSignIn) -> Response {
        var response = response
        let maxAge = session.session.expiresAt.timeIntervalSince(control.now())
        response.headers.append(contentsOf: SessionCookie.set(session.secret, maxAge: maxAge, secure: control.secureCookie))
        return response
    }

    /// Methods that change nothing, exempt from the CSRF check (RFC 9110 §9.2.1).
    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        switch method {
        case .get, .head, .options: true
        default: false
        }
    }
}
