import VigilCore

/// How a scraped series' labels become stored labels: target labels merged under `honor_labels`
/// rules, then `metric_relabel_configs` (Prometheus's `mutateSampleLabels`), and the labels of
/// the report series (`mutateReportSampleLabels`).
public enum SampleLabeling {
    /// The stored labels of a scraped series, or nil when metric relabeling drops it.
    ///
    /// With `honorLabels` the scraped value wins and target labels fill in only what is missing.
    /// Without it the target value wins and a clashing scraped value moves to `exported_<name>`
    /// (more `exported_` prefixes until the name is free, shorter names first).
    public static func sampleLabels(_ scraped: Labels, target: Labels, honorLabels: Bool,
                                    metricRelabelConfigs: [RelabelConfig]) -> Labels? {
        var out = scraped.dictionary
        if honorLabels {
            for label in target where out[label.name] == nil { out[label.name] = label.value }
        } else {
            var conflicts: [Label] = []
            for label in target {
                if let existing = scraped[label.name] { conflicts.append(Label(label.name, existing)) }
                out[label.name] = label.value
            }
            // Stable sort by name length, as Prometheus's `resolveConflictingExposedLabels`.
            let ordered = conflicts.enumerated().sorted {
                $0.element.name.utf8.count != $1.element.name.utf8.count
                    ? $0.element.name.utf8.count < $1.element.name.utf8.count : $0.offset < $1.offset
            }.map(\.element)
            var taken: Set<String> = []
            for conflict in ordered {
                var name = conflict.name
                repeat { name = "exported_" + name } while scraped[name] != nil || target[name] != nil || taken.contains(name)
                taken.insert(name)
                out[name] = conflict.value
            }
        }
        let merged = Labels(out)
        return metricRelabelConfigs.isEmpty ? merged : Relabeling.process(merged, metricRelabelConfigs)
    }

    /// The labels of a report series (`up`, …): its name and the target labels; never relabeled.
    public static func reportLabels(_ name: String, target: Labels) -> Labels {
        Labels(target.pairs + [Label(Label.metricName, name)])
    }

    /// The first label limit `labels` breaks, in Prometheus's words, or nil.
    static func limitViolation(_ labels: Labels, job: ScrapeConfig) -> String? {
        let metric = String(decoding: labels.value(of: Label.metricName).utf8.prefix(50), as: UTF8.self)
        if job.labelLimit > 0, labels.count > job.labelLimit {
            return "label_limit exceeded (metric: \(metric), number of labels: \(labels.count), limit: \(job.labelLimit))"
        }
        for label in labels {
            let name = String(decoding: label.name.utf8.prefix(50), as: UTF8.self)
            if job.labelNameLengthLimit > 0, label.name.utf8.count > job.labelNameLengthLimit {
                return "label_name_length_limit exceeded (metric: \(metric), label name: \(name), length: \(label.name.utf8.count), limit: \(job.labelNameLengthLimit))"
            }
            if job.labelValueLengthLimit > 0, label.value.utf8.count > job.labelValueLengthLimit {
                return "label_value_length_limit exceeded (metric: \(metric), label name: \(name), value: \(quoteGoString(String(label.value.prefix(50)))), length: \(label.value.utf8.count), limit: \(job.labelValueLengthLimit))"
            }
        }
        return nil
    }

    /// Whether the metric name and every label name are valid in the classic data model.
    static func isValid(_ labels: Labels) -> Bool {
        labels.allSatisfy { $0.name == Label.metricName ? LabelName.isValidMetricName($0.value) : LabelName.isValid($0.name) }
    }
}
