/// Prometheus's `stripPort` and `stripDomain`, with Go's `net.SplitHostPort` rules.
enum HostPort {
    /// `host:port` → (host, port); nil when Go's `SplitHostPort` would fail.
    static func split(_ text: String) -> (host: String, port: String)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let after = text[text.index(after: close)...]
            guard after.hasPrefix(":") else { return nil }
            let port = String(after.dropFirst())
            guard !port.contains(":") else { return nil }
            return (String(text[text.index(after: text.startIndex)..<close]), port)
        }
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        guard !host.contains(":") else { return nil }  // too many colons
        return (host, String(text[text.index(after: colon)...]))
    }

    static func stripPort(_ hostPort: String) -> String {
        split(hostPort)?.host ?? hostPort
    }

    static func stripDomain(_ hostPort: String) -> String {
        let parts = split(hostPort)
        let host = parts?.host ?? hostPort
        let port = parts?.port ?? ""
        if isIPAddress(host) { return hostPort }
        let short = String(host.split(separator: ".", omittingEmptySubsequences: false).first ?? "")
        guard !port.isEmpty else { return short }
        return short.contains(":") ? "[\(short)]:\(port)" : "\(short):\(port)"
    }

    private static func isIPAddress(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && UInt8($0) != nil }) { return true }
        guard host.contains(":") else { return false }
        return host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}
