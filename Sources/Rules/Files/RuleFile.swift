import Foundation
import PromQL
import Templating
import VigilConfig
import VigilCore

/// A Prometheus rule file: `groups` of recording and alerting rules, decoded strictly
/// (unknown fields are errors) and checked as Prometheus's `rulefmt` checks it, every problem
/// tied to its place in the file.
public struct RuleFile: Sendable, Decodable {
    public var groups: [RuleGroupDefinition]

    enum CodingKeys: String, CodingKey, CaseIterable { case groups }

    /// `userInfo` key carrying the `PromQLCompatibility` the expressions are parsed with.
    public static let compatibilityKey = CodingUserInfoKey(rawValue: "vigil.promql.compatibility")!

    public init(groups: [RuleGroupDefinition]) { self.groups = groups }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "rulefmt.RuleGroups")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let specs = try c.decode([RuleGroupSpec].self, forKey: .groups, default: [])
        let compatibility = decoder.userInfo[RuleFile.compatibilityKey] as? PromQLCompatibility ?? .prometheus3
        let parser = Engine(options: EngineOptions(compatibility: compatibility))
        var errors = SemanticErrors()
        var seen: Set<String> = []
        groups = []
        for (g, spec) in specs.enumerated() {
            let groupPath: [any CodingKey] = [CodingKeys.groups, AnyCodingKey.index(g)]
            if spec.name.isEmpty { errors.add(groupPath + [AnyCodingKey("name")], "Groupname must not be empty") }
            if !seen.insert(spec.name).inserted {
                errors.add(groupPath + [AnyCodingKey("name")], "groupname: \(quoteGoString(spec.name)) is repeated in the same file")
            }
            var rules: [RuleDefinition] = []
            for (r, rule) in spec.rules.enumerated() {
                let path = groupPath + [AnyCodingKey("rules"), AnyCodingKey.index(r)]
                if let definition = rule.validated(path: path, groupLabels: spec.labels, parser: parser, errors: &errors) {
                    rules.append(definition)
                }
            }
            groups.append(RuleGroupDefinition(
                name: spec.name, file: "", interval: spec.interval, queryOffset: spec.queryOffset, limit: spec.limit,
                rules: rules))
        }
        try errors.throwIfAny()
    }

    /// Parses a rule file's text; every error names `file:line:col`.
    public static func parse(_ text: String, file: String, compatibility: PromQLCompatibility) throws(ConfigErrors) -> RuleFile {
        var ruleFile = try YAMLLoader(file: file).decode(RuleFile.self, from: text, userInfo: [compatibilityKey: compatibility])
        for index in ruleFile.groups.indices { ruleFile.groups[index].file = file }
        return ruleFile
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String, compatibility: PromQLCompatibility) throws(ConfigErrors) -> RuleFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors([ConfigError(position: nil, message: "\(path): cannot read rule file: \(error.localizedDescription)")])
        }
        return try parse(text, file: path, compatibility: compatibility)
    }
}

/// One group as written in the file.
struct RuleGroupSpec: Decodable {
    var name: String
    var interval: PromDuration?
    var queryOffset: PromDuration?
    var limit: Int
    var labels: [String: String]
    var rules: [RuleSpec]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, interval, queryOffset = "query_offset", limit, labels, rules
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "rulefmt.RuleGroup")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name, default: "")
        interval = try c.decodeIfPresent(PromDuration.self, forKey: .interval)
        if let interval, interval.milliseconds <= 0 { throw c.invalid(.interval, "interval must be positive") }
        queryOffset = try c.decodeIfPresent(PromDuration.self, forKey: .queryOffset)
        limit = try c.decode(Int.self, forKey: .limit, default: 0)
        if limit < 0 { throw c.invalid(.limit, "limit must not be negative") }
        labels = try c.decode([String: String].self, forKey: .labels, default: [:])
        rules = try c.decode([RuleSpec].self, forKey: .rules, default: [])
    }
}

/// One rule as written in the file, before its checks.
struct RuleSpec: Decodable {
    var record: String
    var alert: String
    var expr: String
    var holdDuration: PromDuration?
    var keepFiringFor: PromDuration?
    var labels: [String: String]
    var annotations: [String: String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case record, alert, expr, holdDuration = "for", keepFiringFor = "keep_firing_for", labels, annotations
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "rulefmt.Rule")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        record = try c.decode(String.self, forKey: .record, default: "")
        alert = try c.decode(String.self, forKey: .alert, default: "")
        expr = try c.decode(String.self, forKey: .expr, default: "")
        holdDuration = try c.decodeIfPresent(PromDuration.self, forKey: .holdDuration)
        keepFiringFor = try c.decodeIfPresent(PromDuration.self, forKey: .keepFiringFor)
        labels = try c.decode([String: String].self, forKey: .labels, default: [:])
        annotations = try c.decode([String: String].self, forKey: .annotations, default: [:])
    }

    /// Prometheus's `rulefmt` checks, then the parsed rule; nil (and errors added) when invalid.
    func validated(path: [any CodingKey], groupLabels: [String: String], parser: Engine,
                   errors: inout SemanticErrors) -> RuleDefinition? {
        let before = errors.entries.count
        func key(_ k: CodingKeys) -> [any CodingKey] { path + [k] }
        if record.isEmpty && alert.isEmpty {
            errors.add(path, "one of 'record' or 'alert' must be set")
        } else if !record.isEmpty && !alert.isEmpty {
            errors.add(key(.alert), "only one of 'record' and 'alert' must be set")
        }
        var parsed: Expr?
        if expr.isEmpty {
            errors.add(path, "field 'expr' must be set in rule")
        } else {
            do { parsed = try parser.parse(expr) } catch {
                errors.add(key(.expr), "could not parse expression: \(error.description)")
            }
        }
        if !record.isEmpty {
            if !annotations.isEmpty { errors.add(key(.annotations), "invalid field 'annotations' in recording rule") }
            if holdDuration != nil { errors.add(key(.holdDuration), "invalid field 'for' in recording rule") }
            if keepFiringFor != nil { errors.add(key(.keepFiringFor), "invalid field 'keep_firing_for' in recording rule") }
            if !LabelName.isValidMetricName(record) {
                errors.add(key(.record), "invalid recording rule name: \(record)")
            }
        }
        for name in labels.keys.sorted() where !LabelName.isValid(name) || name == "__name__" {
            errors.add(key(.labels) + [AnyCodingKey(name)], "invalid label name: \(name)")
        }
        for name in annotations.keys.sorted() where !LabelName.isValid(name) {
            errors.add(key(.annotations) + [AnyCodingKey(name)], "invalid annotation name: \(name)")
        }
        if !alert.isEmpty {
            for (name, text) in labels.sorted(by: { $0.key < $1.key }) {
                if let problem = AlertTemplates.parseProblem(text, ruleName: alert) {
                    errors.add(key(.labels) + [AnyCodingKey(name)], "label \(quoteGoString(name)): \(problem)")
                }
            }
            for (name, text) in annotations.sorted(by: { $0.key < $1.key }) {
                if let problem = AlertTemplates.parseProblem(text, ruleName: alert) {
                    errors.add(key(.annotations) + [AnyCodingKey(name)], "annotation \(quoteGoString(name)): \(problem)")
                }
            }
        }
        guard errors.entries.count == before, let parsed else { return nil }
        var merged = groupLabels
        for (name, value) in labels { merged[name] = value }
        return RuleDefinition(
            kind: record.isEmpty ? .alerting : .recording, name: record.isEmpty ? alert : record, expr: parsed,
            query: expr.trimmingCharacters(in: .whitespacesAndNewlines), labels: merged, annotations: annotations,
            holdDuration: holdDuration?.milliseconds ?? 0, keepFiringFor: keepFiringFor?.milliseconds ?? 0)
    }
}
