import VigilCore

/// A problem in a configuration or rule file, with the place it was found when known.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public var position: SourcePosition?
    /// The path of keys to the offending value, e.g. `route.routes[2].receiver`.
    public var path: String
    public var message: String

    public init(position: SourcePosition?, path: String = "", message: String) {
        self.position = position
        self.path = path
        self.message = message
    }

    public var description: String {
        var out = position.map { "\($0): " } ?? ""
        if !path.isEmpty { out += "\(path): " }
        return out + message
    }
}

/// All problems found in one file.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public init(_ errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
