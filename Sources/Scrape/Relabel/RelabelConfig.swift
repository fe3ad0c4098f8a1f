import VigilConfig
import VigilCore

/// One entry of `relabel_configs` or `metric_relabel_configs`, checked on load as Prometheus's
/// `model/relabel` checks it (the messages are Prometheus's).
///
/// ```yaml
/// - source_labels: [__meta_env, __address__]
///   separator: "/"
///   regex: "prod/(.+):\\d+"
///   target_label: host
///   replacement: "${1}"
/// ```
public struct RelabelConfig: Sendable, Hashable {
    /// Labels whose values are joined with `separator` to form the input; a missing label is "".
    public var sourceLabels: [String] = []
    public var separator = ";"
    public var regex = RelabelRegex.default
    /// Only for `hashmod`; never 0 there.
    public var modulus: UInt64 = 0
    /// May hold `$1`/`${name}` references for `replace`.
    public var targetLabel = ""
    public var replacement = "$1"
    public var action = RelabelAction.replace

    public init(sourceLabels: [String] = [], separator: String = ";", regex: RelabelRegex = .default, modulus: UInt64 = 0,
                targetLabel: String = "", replacement: String = "$1", action: RelabelAction = .replace) {
        self.sourceLabels = sourceLabels
        self.separator = separator
        self.regex = regex
        self.modulus = modulus
        self.targetLabel = targetLabel
        self.replacement = replacement
        self.action = action
    }
}

extension RelabelConfig: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case sourceLabels = "source_labels", separator, regex, modulus, targetLabel = "target_label", replacement, action
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "relabel.plain")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sourceLabels = try c.decode([String].self, forKey: .sourceLabels, default: [])
        for name in sourceLabels where !LabelName.isValid(name) {
            throw c.invalid(.sourceLabels, "\(quoteGoString(name)) is not a valid label name")
        }
        separator = try c.decode(String.self, forKey: .separator, default: ";")
        if let pattern = try c.decodeIfPresent(String.self, forKey: .regex) {
            do { regex = try RelabelRegex(pattern) } catch { throw c.invalid(.regex, error.description) }
        }
        modulus = try c.decode(UInt64.self, forKey: .modulus, default: 0)
        targetLabel = try c.decode(String.self, forKey: .targetLabel, default: "")
        replacement = try c.decode(String.self, forKey: .replacement, default: "$1")
        let actionName = try c.decode(String.self, forKey: .action, default: "replace")
        if actionName.isEmpty { throw c.invalid(.action, "relabel action cannot be empty") }
        guard let parsed = RelabelAction(name: actionName) else {
            throw c.invalid(.action, "unknown relabel action \(quoteGoString(actionName))")
        }
        action = parsed
        if let (key, message) = problem(regexGiven: c.contains(.regex), sourceLabelsGiven: c.contains(.sourceLabels)) {
            throw c.invalid(key, message)
        }
    }

    /// The first rule this entry breaks, in the order Prometheus checks them, with the key to blame.
    func problem(regexGiven: Bool, sourceLabelsGiven: Bool) -> (CodingKeys, String)? {
        let needsTarget: Set<RelabelAction> = [.replace, .hashMod, .lowercase, .uppercase, .keepEqual, .dropEqual]
        let templatedTarget: Set<RelabelAction> = [.replace, .lowercase, .uppercase, .keepEqual, .dropEqual]
        let noReplacement: Set<RelabelAction> = [.lowercase, .uppercase, .keepEqual, .dropEqual]
        if action == .hashMod, modulus == 0 {
            return (.modulus, "relabel configuration for hashmod requires non-zero modulus")
        }
        if needsTarget.contains(action), targetLabel.isEmpty {
            return (.targetLabel, "relabel configuration for \(action) action requires 'target_label' value")
        }
        if templatedTarget.contains(action), !RelabelConfig.isTemplatedLabelName(targetLabel) {
            return (.targetLabel, "\(quoteGoString(targetLabel)) is invalid 'target_label' for \(action) action")
        }
        if noReplacement.contains(action), replacement != "$1" {
            return (.replacement, "'replacement' can not be set for \(action) action")
        }
        if action == .labelMap, !RelabelConfig.isTemplatedLabelName(replacement) {
            return (.replacement, "\(quoteGoString(replacement)) is invalid 'replacement' for \(action) action")
        }
        if action == .hashMod, !LabelName.isValid(targetLabel) {
            return (.targetLabel, "\(quoteGoString(targetLabel)) is invalid 'target_label' for \(action) action")
        }
        if action == .keepEqual || action == .dropEqual,
           regexGiven || modulus != 0 || separator != ";" || replacement != "$1" {
            return (.action, "\(action) action requires only 'source_labels' and `target_label`, and no other fields")
        }
        if action == .labelDrop || action == .labelKeep,
           sourceLabelsGiven || !targetLabel.isEmpty || modulus != 0 || separator != ";" || replacement != "$1" {
            return (.action, "\(action) action requires only 'regex', and no other fields")
        }
        return nil
    }

    // Prometheus's `relabelTarget`: letters, `_` and `$ref`/`${ref}` first, then word characters.
    private static let templatedName = try! RelabelRegex(
        #"(?:(?:[a-zA-Z_]|\$(?:\{[0-9A-Za-z_]+\}|[0-9A-Za-z_]+))+[0-9A-Za-z_]*)+"#)

    /// Whether `name` is a label name, possibly with `$1`/`${name}` references in it.
    static func isTemplatedLabelName(_ name: String) -> Bool { templatedName.matches(name) }
}
