import Governance
import Persistence

/// Who a request's credentials name, and how they were presented.
struct Authentication: Sendable {
    var principal: Principal
    /// Set for a session cookie: state-changing requests need its CSRF token, and a rotated
    /// token must go back to the client.
    var session: SessionSignIn?
}
