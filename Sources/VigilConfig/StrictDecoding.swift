import VigilCore

extension Decoder {
    /// Throws for any mapping key that `Keys` does not list, so a misspelt config key is an error
    /// that names the key and its place rather than a silently ignored line (Yams itself ignores
    /// unknown keys). Call first in a config type's `init(from:)`.
    public func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type, in type: String) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: codingPath + [key],
                debugDescription: "field \(key.stringValue) not found in type \(type)"))
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes `key` when present and not null, otherwise returns `defaultValue`.
    public func decode<T: Decodable>(_ type: T.Type, forKey key: Key, default defaultValue: T) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? defaultValue
    }

    /// An error about the value at `key`, located by the loader at that key's place in the file.
    public func invalid(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath + [key], debugDescription: message))
    }
}
