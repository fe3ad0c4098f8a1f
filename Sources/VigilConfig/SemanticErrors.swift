import VigilCore

/// Problems found after decoding (an undefined receiver, a duplicate name), each tied to the
/// key path of the offending value so that `YAMLLoader` can name its line and column.
/// Throw it from a top-level type's `init(from:)` once every check has run.
public struct SemanticErrors: Error, Sendable {
    public struct Entry: Sendable {
        public var path: [AnyCodingKey]
        public var message: String
    }
    public var entries: [Entry] = []
    public init() {}

    public mutating func add(_ path: [any CodingKey], _ message: String) {
        entries.append(Entry(path: path.map { key in
            var converted = AnyCodingKey(key.stringValue)
            converted.intValue = key.intValue
            return converted
        }, message: message))
    }

    /// Throws `self` when any problem was added.
    public func throwIfAny() throws(SemanticErrors) {
        if !entries.isEmpty { throw self }
    }
}

extension AnyCodingKey {
    /// A key for position `index` in a list.
    public static func index(_ index: Int) -> AnyCodingKey {
        var key = AnyCodingKey(String(index))
        key.intValue = index
        return key
    }
}
