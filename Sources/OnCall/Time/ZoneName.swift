import Foundation
import VigilConfig
import VigilCore

extension KeyedDecodingContainer {
    /// Decodes an IANA time zone name (`Europe/Berlin`); an unknown name is an error at its place.
    func decodeTimeZone(forKey key: Key) throws -> TimeZone? {
        guard let name = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let zone = TimeZone(identifier: name) else { throw invalid(key, "unknown time zone \(quoteGoString(name))") }
        return zone
    }
}

extension KeyedEncodingContainer {
    mutating func encode(zone: TimeZone?, forKey key: Key) throws {
        try encodeIfPresent(zone?.identifier, forKey: key)
    }
}
