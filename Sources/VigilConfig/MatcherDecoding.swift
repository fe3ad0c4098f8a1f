import VigilCore

extension KeyedDecodingContainer {
    /// Decodes a list of Alertmanager matcher strings (`severity="critical"`, `team=~"a|b"`),
    /// naming the entry that does not parse; an absent key is no matchers.
    public func decodeMatchers(forKey key: Key) throws -> [LabelMatcher] {
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
