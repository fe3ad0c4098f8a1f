import Governance
import Testing

/// CIDR checks for `auth.trusted_proxies` and the address prefixes of the failed-login metric.
@Suite struct IPNetworkTests {
    @Test("membership", arguments: [
        ("10.0.0.0/8", "10.200.3.4", true), ("10.0.0.0/8", "11.0.0.1", false), ("192.168.1.0/24", "192.168.1.255", true),
        ("192.168.1.0/24", "192.168.2.1", false), ("203.0.113.7", "203.0.113.7", true), ("203.0.113.7", "203.0.113.8", false),
        ("172.16.0.0/12", "172.31.255.255", true), ("172.16.0.0/12", "172.32.0.1", false), ("0.0.0.0/0", "8.8.8.8", true),
        ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("10.0.0.0/8", "::ffff:10.1.2.3", true),  // IPv4-mapped IPv6 is the IPv4 address
        ("10.0.0.0/8", "2001:db8::1", false), ("2001:db8::/32", "10.0.0.1", false), ("10.0.0.0/8", "not an address", false),
        ("10.0.0.0/8", "10.0.0.1' OR 1=1", false),
    ])
    func contains(network: String, ip: String, expected: Bool) throws {
        #expect(try IPNetwork(parsing: network).contains(ip) == expected)
    }

    @Test("bad networks are refused", arguments: ["10.0.0.0/33", "10.0.0/8", "256.1.1.1", "10.0.0.01", "::1/129", "1:2:3:4:5:6:7:8:9",
                                                  "1::2::3", "", "10.0.0.0/", "10.0.0.0/-1", "fe80::1%eth0"])
    func refused(text: String) {
        #expect(throws: IPNetworkError.self) { try IPNetwork(parsing: text) }
    }

    @Test("metric prefixes are the /24 or /64", arguments: [
        ("127.0.0.1", "127.0.0.0/24"), ("203.0.113.77", "203.0.113.0/24"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::1", "::/64"), ("::ffff:192.0.2.9", "192.0.2.0/24"), ("unknown", "unknown"),
    ])
    func metricPrefix(ip: String, prefix: String) {
        #expect(AuthMetricLabels.addressPrefix(ip) == prefix)
    }

    @Test("user prefixes are two safe characters", arguments: [
        ("alice", "al"), ("a", "a"), ("", ""), ("x'; DROP", "x_"), ("\u{0}\n", "__"), ("é!", "__"), ("o.k", "o."),
    ])
    func userPrefix(name: String, prefix: String) {
        #expect(AuthMetricLabels.userPrefix(name) == prefix)
    }
}
