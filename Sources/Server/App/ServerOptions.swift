import Foundation

/// Where `vigil serve` listens and keeps its data.
public struct ServerOptions: Sendable {
    public var host: String
    public var port: Int
    /// Directory of the state database; nil keeps everything in memory (tests).
    public var dataDirectory: String?
    /// The config file; nil runs with the embedded defaults.
    public var configPath: String?
    /// The URL Vigil is reached at, for links in notifications (`externalURL`).
    public var externalURL: String?
    /// `vigil serve`'s storage flags, which win over the file's `storage` section on every load.
    public var storageOverrides: StorageOverrides

    public init(host: String = "127.0.0.1", port: Int = 9797, dataDirectory: String? = "vigil-data", configPath: String? = nil,
                externalURL: String? = nil, storageOverrides: StorageOverrides = StorageOverrides()) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.configPath = configPath
        self.externalURL = externalURL
        self.storageOverrides = storageOverrides
    }

    /// Parses `HOST:PORT` (`[::1]:9797` for IPv6).
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port), !host.isEmpty else { return nil }
        return (host, port)
    }

    var resolvedExternalURL: String { externalURL ?? "http://\(host):\(port)" }
}
