/// Splits `host:port` as Go's `net.SplitHostPort` does, for deciding whether a target address
/// needs the scheme's default port and for the host and port a TCP probe connects to.
public enum HostPort {
    /// Host and port, or nil when `address` is not `host:port` (no port, too many colons,
    /// misplaced brackets). The port may be empty (`host:`), as Go allows.
    public static func split(_ address: String) -> (host: Substring, port: Substring)? {
        let s = Substring(address)
        if s.hasPrefix("[") {
            guard let close = s.firstIndex(of: "]") else { return nil }
            let afterClose = s.index(after: close)
            guard afterClose < s.endIndex, s[afterClose] == ":" else { return nil }
            let host = s[s.index(after: s.startIndex)..<close]
            let port = s[s.index(after: afterClose)...]
            if host.contains("[") || port.contains("[") || port.contains("]") { return nil }
            return (host, port)
        }
        guard let colon = s.lastIndex(of: ":") else { return nil }
        let host = s[..<colon]
        let port = s[s.index(after: colon)...]
        if host.contains(":") || host.contains("[") || host.contains("]") || port.contains("]") || port.contains("[") { return nil }
        return (host, port)
    }

    /// Whether `address` lacks a port and would be valid with one (Prometheus's `addPort`).
    static func needsPort(_ address: String) -> Bool {
        split(address) == nil && split(address + ":1234") != nil
    }
}
