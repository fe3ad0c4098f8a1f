import VigilConfig
import VigilCore

extension KeyedDecodingContainer {
    /// Decodes the deprecated `match` / `match_re` maps into matchers, sorted by name.
    func decodeLegacyMatch(equal: Key, regex: Key) throws -> [LabelMatcher] {
        var matchers: [LabelMatcher] = []
        for (name, value) in try decode([String: String].self, forKey: equal, default: [:]).sorted(by: { $0.key < $1.key }) {
            matchers.append(.equal(name, value))
        }
        for (name, value) in try decode([String: String].self, forKey: regex, default: [:]).sorted(by: { $0.key < $1.key }) {
            do {
                matchers.append(try LabelMatcher(.regexMatch, name, value))
            } catch {
                throw invalid(regex, "\(error)")
            }
        }
        return matchers
    }
}

/// Matchers as Alertmanager prints them in config and group keys: `{a="1",b=~"x"}`.
public func matchersDescription(_ matchers: [LabelMatcher]) -> String {
    "{" + matchers.map(\.description).joined(separator: ",") + "}"
}
