import VigilConfig
import VigilCore
import Yams

extension RunbookFrontMatter {
    private static let keys = ["alerts", "severity", "owner", "title"]

    /// Reads the front matter strictly: unknown keys, wrong types and missing `alerts`,
    /// `severity` or `owner` are errors at their place.
    ///
    /// - Parameter closingLine: 1-based line of the closing `---`, where missing keys are reported.
    init(yaml: String, file: String, closingLine: Int) throws(ConfigErrors) {
        let loader = YAMLLoader(file: file)
        let root = try loader.compose(yaml)
        var errors: [ConfigError] = []
        func fail(_ node: Node?, _ path: String, _ message: String) {
            errors.append(ConfigError(
                position: node.flatMap(loader.position(of:)) ?? SourcePosition(file: file, line: closingLine, column: 1),
                path: path, message: message))
        }
        var alerts: [String]?
        var positions: [SourcePosition] = []
        var strings: [String: String] = [:]
        var seen: Set<String> = []
        switch root {
        case nil:
            break
        case .mapping(let mapping)?:
            for (key, value) in mapping {
                let name = key.string ?? ""
                guard Self.keys.contains(name) else {
                    fail(key, "", "field \(name) not found in type runbook front matter")
                    continue
                }
                seen.insert(name)
                if name == "alerts" {
                    guard case .sequence(let sequence) = value else {
                        fail(value, name, "expected a list of alert names")
                        continue
                    }
                    alerts = []
                    for (index, item) in sequence.enumerated() {
                        guard case .scalar(let scalar) = item, !scalar.string.isEmpty else {
                            fail(item, "alerts[\(index)]", "expected an alert name")
                            continue
                        }
                        let position = loader.position(of: item) ?? SourcePosition(file: file, line: closingLine, column: 1)
                        if alerts?.contains(scalar.string) == true {
                            fail(item, "alerts[\(index)]", "alert \"\(scalar.string)\" is listed twice")
                            continue
                        }
                        alerts?.append(scalar.string)
                        positions.append(position)
                    }
                } else {
                    guard case .scalar(let scalar) = value, !scalar.string.isEmpty else {
                        fail(value, name, "expected a non-empty string")
                        continue
                    }
                    strings[name] = scalar.string
                }
            }
        case let other?:
            fail(other, "", "front matter must be a mapping of alerts, severity, owner and title")
        }
        if !seen.contains("alerts") { fail(nil, "", #"missing required field "alerts" (use [] for a runbook no alert triggers)"#) }
        for key in ["severity", "owner"] where !seen.contains(key) { fail(nil, "", "missing required field \"\(key)\"") }
        guard errors.isEmpty, let alerts, let severity = strings["severity"], let owner = strings["owner"] else {
            throw ConfigErrors(errors)
        }
        self.init(alerts: alerts, severity: severity, owner: owner, title: strings["title"], alertPositions: positions)
    }
}
