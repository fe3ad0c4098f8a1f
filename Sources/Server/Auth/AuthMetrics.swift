import Governance
import Prometheus

/// Authentication counters in the server's registry, served on `/metrics`:
///
/// - `vigil_auth_failed_logins_total{address_prefix, user_prefix}`: failed password sign-ins,
///   including those refused while locked out (labels: `AuthMetricLabels`)
/// - `vigil_auth_lockouts_total{key="address"|"user"}`: lockouts started
/// - `vigil_auth_session_hijack_total`: rotated session tokens presented again
/// - `vigil_auth_proxy_header_ignored_total`: `auth.proxy_header` sent by an untrusted peer
struct AuthMetrics: AuthEvents {
    let registry: PrometheusCollectorRegistry

    /// Creates the unlabelled and fixed-label counters at 0, so the first lockout or hijack is an
    /// increase the self-monitoring rules see, not a series born at 1.
    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        for key in ["address", "user"] { _ = registry.makeCounter(name: "vigil_auth_lockouts_total", labels: [("key", key)]) }
        _ = registry.makeCounter(name: "vigil_auth_session_hijack_total")
        _ = registry.makeCounter(name: "vigil_auth_proxy_header_ignored_total")
    }

    func loginFailed(address: String, user: String) {
        registry.makeCounter(name: "vigil_auth_failed_logins_total", labels: [
            ("address_prefix", AuthMetricLabels.addressPrefix(address)), ("user_prefix", AuthMetricLabels.userPrefix(user)),
        ]).increment()
    }

    func lockedOut(_ lockout: LoginThrottle.Lockout) {
        let key = switch lockout.key {
        case .address: "address"
        case .user: "user"
        }
        registry.makeCounter(name: "vigil_auth_lockouts_total", labels: [("key", key)]).increment()
    }

    func sessionHijacked() {
        registry.makeCounter(name: "vigil_auth_session_hijack_total").increment()
    }

    func proxyHeaderIgnored() {
        registry.makeCounter(name: "vigil_auth_proxy_header_ignored_total").increment()
    }
}
