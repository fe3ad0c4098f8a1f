import HTTPTypes
import Hummingbird
import NIOCore

/// Where a request comes from, as far as loopback trust is concerned.
struct ClientAddress: Sendable, Hashable {
    /// The peer's IP address, or `unknown` without a socket (router tests).
    var ip: String
    /// True only for a loopback peer whose request carries no proxy forwarding header: a
    /// reverse proxy on the same host would otherwise make every remote client look local.
    var isTrustedLoopback: Bool

    init(peer: SocketAddress?, headers: HTTPFields) {
        ip = peer?.ipAddress ?? "unknown"
        isTrustedLoopback = !Self.forwardingHeaders.contains { headers[$0] != nil } && Self.isLoopback(peer)
    }

    /// Headers a reverse proxy adds: with any of them, a loopback peer speaks for someone else.
    private static let forwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"].map { HTTPField.Name($0)! }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let address, let ip = address.ipAddress else { return false }
        switch address.protocol {
        case .inet: return ip.hasPrefix("127.")
        case .inet6: return ip == "::1" || ip.hasPrefix("::ffff:127.")
        default: return false
        }
    }
}
