import HTTPTypes
import NIOCore
@testable import Server
import Testing

/// Which peers count as loopback for `auth.compat.loopback_role`: only 127/8 and ::1, and only
/// without a proxy forwarding header.
@Suite struct ClientAddressTests {
    @Test("loopback and non-loopback peers", arguments: [
        ("127.0.0.1", true), ("127.10.20.30", true), ("::1", true),
        ("10.0.0.7", false), ("192.168.1.5", false), ("128.0.0.1", false), ("1.127.0.0", false), ("::2", false),
        ("2001:db8::1", false),
    ])
    func loopback(ip: String, expected: Bool) throws {
        let peer = try SocketAddress(ipAddress: ip, port: 40000)
        #expect(ClientAddress(peer: peer, headers: [:]).isTrustedLoopback == expected)
        #expect(ClientAddress(peer: peer, headers: [:]).ip == ip || ip.contains(":"))
    }

    @Test("a forwarding header cancels loopback trust", arguments: ["Forwarded", "X-Forwarded-For", "X-Real-IP"])
    func forwarded(header: String) throws {
        var headers = HTTPFields()
        headers[HTTPField.Name(header)!] = "203.0.113.9"
        #expect(!ClientAddress(peer: try SocketAddress(ipAddress: "127.0.0.1", port: 1), headers: headers).isTrustedLoopback)
    }

    @Test("no socket is not loopback")
    func noPeer() {
        #expect(!ClientAddress(peer: nil, headers: [:]).isTrustedLoopback)
    }
}
