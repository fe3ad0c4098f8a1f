import Foundation
import VigilCore
import Yams

/// Decodes YAML documents strictly and turns every failure into a `ConfigError` that names
/// the file, line and column, whether it came from the YAML parser, from a type mismatch or
/// from a type's own checks.
public struct YAMLLoader: Sendable {
    public let file: String?

    public init(file: String?) { self.file = file }

    /// Decodes `T` from `text`. An empty document decodes as an empty mapping.
    public func decode<T: Decodable>(_ type: T.Type, from text: String, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws(ConfigErrors) -> T {
        let root: Node
        do {
            root = try Yams.compose(yaml: text) ?? Node.mapping(Node.Mapping([]))
        } catch let error as YamlError {
            throw ConfigErrors([yamlError(error)])
        } catch {
            throw ConfigErrors([ConfigError(position: nil, message: "\(error)")])
        }
        do {
            var info: [CodingUserInfoKey: Any] = [:]
            for (key, value) in userInfo { info[key] = value }
            return try YAMLDecoder().decode(T.self, from: root, userInfo: info)
        } catch let error as DecodingError {
            throw ConfigErrors([decodingError(error, root: root)])
        } catch let error as SemanticErrors {
            throw ConfigErrors(error.entries.map { entry in
                let node = locate(entry.path, in: root, preferKey: false)
                return ConfigError(position: node.flatMap(position(of:)), path: YAMLLoader.render(entry.path), message: entry.message)
            })
        } catch let error as ConfigErrors {
            throw error
        } catch let error as ConfigError {
            throw ConfigErrors([error])
        } catch {
            throw ConfigErrors([ConfigError(position: position(of: root), message: "\(error)")])
        }
    }

    /// The composed node tree, for callers that need positions of their own (rule expressions).
    public func compose(_ text: String) throws(ConfigErrors) -> Node? {
        do { return try Yams.compose(yaml: text) } catch let error as YamlError {
            throw ConfigErrors([yamlError(error)])
        } catch {
            throw ConfigErrors([ConfigError(position: nil, message: "\(error)")])
        }
    }

    public func position(of node: Node) -> SourcePosition? {
        node.mark.map { SourcePosition(file: file, line: $0.line, column: $0.column) }
    }

    private func yamlError(_ error: YamlError) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigError(position: SourcePosition(file: file, line: mark.line, column: mark.column), message: "yaml: \(problem)")
        default:
            return ConfigError(position: SourcePosition(file: file, line: 1, column: 1), message: "yaml: \(error)")
        }
    }

    private func decodingError(_ error: DecodingError, root: Node) -> ConfigError {
        let path: [any CodingKey]
        let message: String
        switch error {
        case .typeMismatch(let type, let context):
            path = context.codingPath
            message = "expected \(typeName(type))" + found(in: context.debugDescription)
        case .valueNotFound(let type, let context):
            path = context.codingPath
            message = "missing value of type \(typeName(type))"
        case .keyNotFound(let key, let context):
            path = context.codingPath
            message = "missing required field \(quoteGoString(key.stringValue))"
        case .dataCorrupted(let context):
            path = context.codingPath
            message = context.debugDescription
        @unknown default:
            path = []
            message = "\(error)"
        }
        let node = locate(path, in: root, preferKey: message.hasPrefix("field "))
        return ConfigError(
            position: node.flatMap(position(of:)),
            path: YAMLLoader.render(path),
            message: message)
    }

    /// ", found a list" from Yams's "Expected to decode Scalar but found Sequence instead."
    private func found(in description: String) -> String {
        guard let range = description.range(of: "found ") else { return "" }
        let kind = description[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
        switch kind {
        case "Sequence": return ", found a list"
        case "Mapping": return ", found a mapping"
        case "Scalar": return ", found a single value"
        default: return ""
        }
    }

    private func typeName(_ type: Any.Type) -> String {
        if String(describing: type) == "Scalar" { return "a single value" }
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is UInt.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "a list" : (name.hasPrefix("Dictionary") ? "a mapping" : name)
        }
    }

    /// The node at `path`. For a mapping entry, its key when the error is about the key itself
    /// (an unknown field) or the value is not a scalar; otherwise the value. Falls back to the
    /// deepest node reached.
    private func locate(_ path: [any CodingKey], in root: Node, preferKey: Bool) -> Node? {
        var node = root
        for (depth, key) in path.enumerated() {
            switch node {
            case .mapping(let mapping):
                guard let pair = mapping.first(where: { $0.key.string == key.stringValue }) else { return node }
                if depth == path.count - 1 {
                    if preferKey { return pair.key }
                    if case .scalar = pair.value { return pair.value }
                    return pair.key
                }
                node = pair.value
            case .sequence(let sequence):
                guard let index = key.intValue, index < sequence.count else { return node }
                node = sequence[index]
            default:
                return node
            }
        }
        return node
    }

    /// `route.routes[2].receiver`.
    public static func render(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue { out += "[\(index)]" } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }
}
