import Foundation

/// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`; a bare address is
/// a /32 or /128). Used for `auth.trusted_proxies` and for the address prefixes of the
/// failed-login metric. IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) count as IPv4.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// 4 or 16 bytes, host bits cleared.
    public let bytes: [UInt8]
    public let prefixLength: Int

    /// Parses `address/length` or a bare address.
    /// - Throws: `IPNetworkError` naming the text.
    public init(parsing text: String) throws(IPNetworkError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPNetwork.address(String(parts[0])) else { throw IPNetworkError(text: text) }
        var length = address.count * 8
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...length).contains(given), parts[1].allSatisfy(\.isASCII) else {
                throw IPNetworkError(text: text)
            }
            length = given
        }
        self.init(address: address, prefixLength: length)
    }

    /// The network of `prefixLength` bits containing `address` (4 or 16 bytes).
    init(address: [UInt8], prefixLength: Int) {
        bytes = address.enumerated().map { index, byte in
            let kept = min(8, max(0, prefixLength - index * 8))
            return kept == 8 ? byte : byte & ~(UInt8.max >> kept)
        }
        self.prefixLength = prefixLength
    }

    /// Whether the address `ip` (text) is in this network; false for text that is no address.
    public func contains(_ ip: String) -> Bool {
        guard let address = IPNetwork.address(ip), address.count == bytes.count else { return false }
        return IPNetwork(address: address, prefixLength: prefixLength).bytes == bytes
    }

    /// The /24 (IPv4) or /64 (IPv6) network of `ip`, as text: how failed logins are labelled,
    /// so one client or one small network is one series. `unknown` for text that is no address.
    public static func metricPrefix(of ip: String) -> String {
        guard let address = address(ip) else { return "unknown" }
        return IPNetwork(address: address, prefixLength: address.count == 4 ? 24 : 64).description
    }

    public var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") + "/\(prefixLength)" }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        // Compress the longest run of two or more zero groups, as RFC 5952 recommends.
        var best = (start: -1, count: 0), index = 0
        while index < 8 {
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > best.count, end - index >= 2 { best = (index, end - index) }
            index = end == index ? index + 1 : end
        }
        let hex = groups.map { String($0, radix: 16) }
        let text = best.start < 0 ? hex.joined(separator: ":")
            : hex[..<best.start].joined(separator: ":") + "::" + hex[(best.start + best.count)...].joined(separator: ":")
        return text + "/\(prefixLength)"
    }

    /// 4 bytes for IPv4 (and IPv4-mapped IPv6), 16 for IPv6, nil for anything else.
    static func address(_ text: String) -> [UInt8]? {
        if let v4 = ipv4(Substring(text)) { return v4 }
        guard let v6 = ipv6(text) else { return nil }
        if v6[..<10].allSatisfy({ $0 == 0 }), v6[10] == 0xff, v6[11] == 0xff { return Array(v6[12...]) }
        return v6
    }

    private static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = UInt8(part), part.count == 1 || part.first != "0" else { return nil }
            out.append(value)
        }
        return out
    }

    private static func ipv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2, text.contains(":") else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var out: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(piece) { out += v4; continue }
                guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit), let value = UInt16(piece, radix: 16) else {
                    return nil
                }
                out += [UInt8(value >> 8), UInt8(value & 0xff)]
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}

/// Text that is not an IP address or CIDR network.
public struct IPNetworkError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var description: String { "invalid IP address or CIDR network \(AuditValue.string(text).canonicalText)" }
}
