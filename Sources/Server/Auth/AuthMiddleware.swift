import Governance
import HTTPTypes
import Hummingbird
import Logging

/// Authenticates and authorizes every request before routing: finds the request's row in
/// `EndpointPermission.table`, checks the credentials (`AccessControl`), asks `Authorizer`,
/// and puts the principal in the context for handlers and the ledger.
///
/// Answers 401 with `WWW-Authenticate: Bearer` for missing or bad credentials, 403 naming the
/// missing permission, 429 while a password sign-in is locked out, and 404 for a request no
/// row covers (nothing routes it either: `RouterTableTests`). With `auth.mode: none` it only
/// lets requests through.
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
        do {
            let client = ClientAddress(peer: context.remoteAddress, headers: request.headers)
            let principal = try await control.authenticate(request.headers[.authorization], row: row, client: client)
            guard let principal else { throw AuthError.missingCredentials }
            try Authorizer.authorize(principal, method: method, path: path)
            context.principal = principal
        } catch let error as AuthError {
            context.logger.info("request refused", metadata: ["auth.reason": "\(error)", "http.path": "\(path)"])
            var message: String?
            if case .forbidden = error { message = "\(error) for \(method) \(path)" }
            throw AuthFailure(error, message: message, now: control.now())
        }
        return try await next(request, context)
    }
}
