/// A value a config file writes as one string (`5m`, `512MB`, `always`): decoded with
/// `init(parsing:)`, whose error message becomes the decoding error at the value's place,
/// and encoded as `description`.
public protocol TextCodable: Codable, CustomStringConvertible {
    associatedtype ParseFailure: Error & CustomStringConvertible
    init(parsing text: String) throws(ParseFailure)
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Self(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
