import VigilCore

/// Applies relabel configs to a label set with the semantics of Prometheus's `relabel.Process`.
public enum Relabeling {
    /// The label set after every step in order, or nil when a step drops it.
    ///
    /// Empty values count as absent, in the input and in what steps write: setting a label to ""
    /// removes it.
    public static func process(_ labels: Labels, _ configs: [RelabelConfig]) -> Labels? {
        var current = labels
        for config in configs {
            guard let next = apply(config, to: current) else { return nil }
            current = next
        }
        return current
    }

    /// One step: the new label set, or nil when the step drops it.
    public static func apply(_ config: RelabelConfig, to labels: Labels) -> Labels? {
        let value = config.sourceLabels.map { labels.value(of: $0) }.joined(separator: config.separator)
        switch config.action {
        case .drop:
            return config.regex.matches(value) ? nil : labels
        case .keep:
            return config.regex.matches(value) ? labels : nil
        case .dropEqual:
            return labels.value(of: config.targetLabel) == value ? nil : labels
        case .keepEqual:
            return labels.value(of: config.targetLabel) == value ? labels : nil
        case .replace:
            guard let match = config.regex.match(value) else { return labels }
            let target = match.expand(config.targetLabel)
            // Prometheus deletes the label named by the unexpanded `target_label` here; that name
            // has a `$` in it (a plain name always expands to itself), so no label can carry it.
            guard LabelName.isValid(target) else { return labels }
            let result = match.expand(config.replacement)
            // An empty result removes the label named by `target_label` as written, as Prometheus does.
            if result.isEmpty { return labels.setting(config.targetLabel, to: "") }
            return labels.setting(target, to: result)
        case .lowercase:
            return labels.setting(config.targetLabel, to: value.lowercased())
        case .uppercase:
            return labels.setting(config.targetLabel, to: value.uppercased())
        case .hashMod:
            return labels.setting(config.targetLabel, to: String(hashMod(value, config.modulus)))
        case .labelMap:
            var out = labels.dictionary
            for label in labels {
                guard let match = config.regex.match(label.name) else { continue }
                out[match.expand(config.replacement)] = label.value
            }
            return Labels(out)
        case .labelDrop:
            return Labels(sortedUnchecked: labels.pairs.filter { !config.regex.matches($0.name) })
        case .labelKeep:
            return Labels(sortedUnchecked: labels.pairs.filter { config.regex.matches($0.name) })
        }
    }

    /// Prometheus's shard number: the last 8 bytes of the MD5 digest of `value` read big-endian
    /// (Go's `sum64` shifts the first 8 bytes out of the word), modulo `modulus`.
    public static func hashMod(_ value: String, _ modulus: UInt64) -> UInt64 {
        let digest = MD5.digest(Array(value.utf8))
        var sum: UInt64 = 0
        for byte in digest[8..<16] { sum = sum << 8 | UInt64(byte) }
        return sum % modulus
    }
}
