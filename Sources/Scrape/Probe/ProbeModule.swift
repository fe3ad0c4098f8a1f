import VigilCore

/// How a probe job checks its targets: blackbox_exporter's `http` and `tcp` probers.
public enum ProbeModule: Sendable, Hashable {
    case http(HTTPProbeModule)
    case tcp(TCPProbeModule)

    /// Why `target` cannot be probed with this module, or nil when it can: `http` wants an
    /// `http://` or `https://` URL with a host, `tcp` wants `host:port`.
    public func problem(with target: String) -> String? {
        switch self {
        case .http:
            let lower = target.lowercased()
            guard let rest = ["http://", "https://"].first(where: lower.hasPrefix).map({ target.dropFirst($0.count) }) else {
                return "\(quoteGoString(target)) is not an http:// or https:// URL"
            }
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if authority.isEmpty || authority.hasPrefix(":") { return "\(quoteGoString(target)) has no host" }
            return nil
        case .tcp:
            guard let split = HostPort.split(target), !split.host.isEmpty, let port = Int(split.port), (1...65535).contains(port) else {
                return "\(quoteGoString(target)) is not host:port"
            }
            return nil
        }
    }
}
