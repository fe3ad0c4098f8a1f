import Foundation
import Governance
import HTTPTypes
import Hummingbird
import Logging
import Persistence
import VigilCore

/// `POST /login` and `POST /logout`: password sign-in to a browser session (docs/SECURITY.md).
///
/// Sign-in takes `username` and `password` as a form (`application/x-www-form-urlencoded`) or
/// JSON, goes through the same throttle as HTTP Basic, and answers with the session cookies and
/// `{"user", "role", "csrf_token", "expires_at"}`. Sign-out revokes the cookie's session (it
/// needs the CSRF token, as any state change by cookie) and clears the cookies.
struct LoginAPI: Sendable {
    let control: AccessControl

    struct Form: Decodable {
        var username: String
        var password: String
    }

    struct SignedIn: Encodable {
        var user: String
        var role: String
        var csrfToken: String
        var expiresAt: String
        enum CodingKeys: String, CodingKey { case user, role, csrfToken = "csrf_token", expiresAt = "expires_at" }
    }

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.post("login", use: login)
        router.post("logout", use: logout)
    }

    @Sendable func login(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let form: Form
        do {
            if request.headers[.contentType]?.hasPrefix("application/json") == true {
                form = try JSONDecoder().decode(Form.self, from: Data(body.readableBytesView))
            } else {
                form = try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
            }
        } catch {
            throw HTTPError(.badRequest, message: "expected username and password, as a form or JSON")
        }
        let client = ClientAddress(peer: context.remoteAddress, headers: request.headers)
        let signedIn: SessionSignIn
        do {
            let principal = try await control.gate.signIn(name: form.username, password: form.password, address: client.ip)
            signedIn = try await control.access.createSession(
                for: principal, ttl: control.snapshot.config.session.ttl.seconds,
                replacing: SessionCookie.value(SessionCookie.session, in: request.headers), address: client.ip)
        } catch let error as AuthError {
            context.logger.info("sign-in refused", metadata: ["auth.reason": "\(error)"])
            throw AuthFailure(error, now: control.now())
        }
        let expires = signedIn.session.expiresAt
        var response = try jsonResponse(SignedIn(user: signedIn.principal.user.name, role: signedIn.principal.role.name,
                                                 csrfToken: signedIn.secret.csrfToken, expiresAt: expires.formatted(.iso8601)))
        response.headers.append(contentsOf: SessionCookie.set(signedIn.secret, maxAge: expires.timeIntervalSince(control.now()),
                                                              secure: control.secureCookie))
        return response
    }

    @Sendable func logout(_ request: Request, context: VigilRequestContext) async throws -> Response {
        if let cookie = SessionCookie.value(SessionCookie.session, in: request.headers) {
            do {
                let session = try await control.authenticate(session: cookie)
                guard session.presented.acceptsCSRF(request.headers[SessionCookie.csrfHeader]) else { throw AuthError.csrfMismatch }
                try await control.access.revokeSession(cookie)
            } catch AuthError.csrfMismatch {
                throw AuthFailure(.csrfMismatch, now: control.now())
            } catch is AuthError {
                // Already ended, expired or unknown: there is nothing to end; clear the cookies.
            }
        }
        var response = Response(status: .noContent)
        response.headers.append(contentsOf: SessionCookie.clear(secure: control.secureCookie))
        return response
    }
}
