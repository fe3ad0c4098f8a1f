import Foundation
import Governance
import HTTPTypes

/// The two cookies of a browser session: `vigil_session` (the token; HttpOnly) and `vigil_csrf`
/// (its CSRF token, readable by the page so it can send `X-CSRF-Token`). Both SameSite=Strict,
/// Path=/, and Secure when `auth.session.secure_cookie` is set.
enum SessionCookie {
    static let session = "vigil_session"
    static let csrf = "vigil_csrf"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!  // a valid token: BUG otherwise

    /// The value of cookie `name` in the request's `Cookie` fields, nil when absent.
    static func value(_ name: String, in headers: HTTPFields) -> String? {
        for field in headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// `Set-Cookie` fields giving the client `secret`'s session for `maxAge` seconds.
    static func set(_ secret: TokenSecret, maxAge: TimeInterval, secure: Bool) -> [HTTPField] {
        let age = max(0, Int(maxAge.rounded(.down)))
        return [field(session, secret.text, maxAge: age, httpOnly: true, secure: secure),
                field(csrf, secret.csrfToken, maxAge: age, httpOnly: false, secure: secure)]
    }

    /// `Set-Cookie` fields removing both cookies.
    static func clear(secure: Bool) -> [HTTPField] {
        [field(session, "", maxAge: 0, httpOnly: true, secure: secure), field(csrf, "", maxAge: 0, httpOnly: false, secure: secure)]
    }

    private static func field(_ name: String, _ value: String, maxAge: Int, httpOnly: Bool, secure: Bool) -> HTTPField {
        var text = "\(name)=\(value); Path=/; Max-Age=\(maxAge)"
        if httpOnly { text += "; HttpOnly" }
        text += "; SameSite=Strict"
        if secure { text += "; Secure" }
        return HTTPField(name: .setCookie, value: text)
    }
}
