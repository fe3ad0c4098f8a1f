import VigilConfig
import VigilCore

extension KeyedDecodingContainer {
    /// Decodes a list of Alertmanager matcher strings (`severity="critical"`), naming the entry
    /// that does not parse.
    func decodeMatcherList(forKey key: Key) throws -> [LabelMatcher] {
        let texts = try decode([String].self, forKey: key, default: [])
        var matchers: [LabelMatcher] = []
        for (index, text) in texts.enumerated() {
            do {
                matchers += try MatcherParser.parse(text)
            } catch {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: codingPath + [key, AnyCodingKey.index(index)],
                    debugDescription: "\(error.message) in \(quoteGoString(text))"))
            }
        }
        return matchers
    }
}
