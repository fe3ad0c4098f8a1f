import PromQL
import VigilCore

extension Engine {
    /// The matchers of a series selector such as `up{job="api"}` (a `match[]` parameter).
    func selectorMatchers(_ text: String) throws -> [LabelMatcher] {
        var expr = try parse(text)
        while case .paren(let inner) = expr { expr = inner }
        guard case .vectorSelector(let selector) = expr else {
            throw SelectorError(message: "expected a series selector, got \(quoteGoString(text))")
        }
        return selector.matchers
    }
}

struct SelectorError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
