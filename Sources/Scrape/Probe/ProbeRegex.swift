import VigilCore

/// A regular expression of a probe module, searched for anywhere in the text (unanchored, as
/// blackbox_exporter's Go regexps are). Checked when decoded; compared by its pattern.
public struct ProbeRegex: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String

    /// Throws `ProbeRegexError` when `pattern` does not compile.
    public init(_ pattern: String) throws(ProbeRegexError) {
        do { _ = try Regex(pattern) } catch {
            throw ProbeRegexError(message: "invalid regular expression \(quoteGoString(pattern)): \(error)")
        }
        self.pattern = pattern
    }

    /// Whether the pattern matches somewhere in `text`.
    public func found(in text: String) -> Bool {
        // Compiled per call: `Regex` is not `Sendable`, and a probe runs once per interval.
        guard let regex = try? Regex(pattern) else { return false }
        return text.firstMatch(of: regex) != nil
    }

    public var description: String { pattern }
}

/// A pattern that does not compile.
public struct ProbeRegexError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension ProbeRegex: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }
}
