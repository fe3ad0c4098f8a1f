/// Decides whether a principal may make a request, from `EndpointPermission.table`.
public enum Authorizer {
    /// Returns normally when allowed.
    /// - Parameters:
    ///   - principal: nil for an unauthenticated request.
    ///   - path: the request path without the query string.
    /// - Throws: `AuthError.unknownEndpoint` for a request no row covers, `.invalidCredentials`
    ///   when a permission is needed and nobody is signed in, `.forbidden` when it is missing.
    public static func authorize(_ principal: Principal?, method: String, path: String) throws(AuthError) {
        guard let row = EndpointPermission.row(method: method, path: path) else {
            throw .unknownEndpoint(method: method, path: path)
        }
        try authorize(principal, for: row)
    }

    /// Returns normally when `principal` may make a request `row` covers (the caller has
    /// looked it up already).
    /// - Throws: `AuthError.invalidCredentials` when a permission is needed and nobody is signed
    ///   in, `.forbidden` when it is missing.
    public static func authorize(_ principal: Principal?, for row: EndpointPermission) throws(AuthError) {
        guard case .permission(let permission) = row.requirement else { return }
        guard let principal else { throw .invalidCredentials }
        guard principal.allows(permission) else { throw .forbidden(missing: permission) }
    }
}
