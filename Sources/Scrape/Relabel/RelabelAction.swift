/// What one relabeling step does, as Prometheus's `model/relabel` names the actions.
public enum RelabelAction: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Writes `replacement` (expanded with the regex's groups) to `target_label` when the regex matches.
    case replace
    /// Drops the label set unless the joined source values match the regex.
    case keep
    /// Drops the label set when the joined source values match the regex.
    case drop
    /// Drops the label set unless the joined source values equal the value of `target_label`.
    case keepEqual = "keepequal"
    /// Drops the label set when the joined source values equal the value of `target_label`.
    case dropEqual = "dropequal"
    /// Sets `target_label` to the MD5-based hash of the joined source values modulo `modulus`.
    case hashMod = "hashmod"
    /// Copies each label whose name matches the regex to the name given by `replacement`.
    case labelMap = "labelmap"
    /// Removes every label whose name matches the regex.
    case labelDrop = "labeldrop"
    /// Removes every label whose name does not match the regex.
    case labelKeep = "labelkeep"
    /// Sets `target_label` to the joined source values in lower case.
    case lowercase
    /// Sets `target_label` to the joined source values in upper case.
    case uppercase

    public var description: String { rawValue }

    /// Parses an action name case-insensitively, as Prometheus does.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}
