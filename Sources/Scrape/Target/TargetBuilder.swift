import VigilCore

/// Turns a job's static targets into `ScrapeTarget`s with Prometheus's `PopulateLabels` rules.
///
/// For each address: `__address__` and the group's labels; `job`, `__scrape_interval__`,
/// `__scrape_timeout__`, `__metrics_path__` and `__scheme__` from the job where not already set;
/// `__param_<name>` from `params`; then `relabel_configs`. A target relabeling drops is listed
/// in `dropped`; one left without `__address__`, or with an unusable address, interval or
/// timeout, is an error. Survivors get the scheme's default port when their address has none
/// (Prometheus 2.x), lose `__meta_*` labels and get `instance` = `__address__` when unset.
///
/// A probe job (`ScrapeConfig.probe`) gets no `__metrics_path__` or `__scheme__`: its address is
/// the probe's whole target, checked by the module (`ProbeModule.problem(with:)`), never given a port.
public enum TargetBuilder {
    /// Every target of `job`, in config order, duplicates (same labels) kept once.
    public static func targets(for job: ScrapeConfig) -> ScrapeTargets {
        var result = ScrapeTargets()
        var seen: Set<Labels> = []
        for (groupIndex, group) in job.staticConfigs.enumerated() {
            for (index, address) in group.targets.enumerated() {
                var pairs = group.labels.pairs.filter { $0.name != TargetLabel.address }
                pairs.append(Label(TargetLabel.address, address))
                switch target(from: Labels(pairs), job: job) {
                case .active(let target):
                    if seen.insert(target.internalLabels).inserted { result.active.append(target) }
                case .dropped(let discovered):
                    result.dropped.append(discovered)
                case .failed(let message):
                    result.errors.append(ScrapeTargetError(group: groupIndex, instance: index, address: address, message: message))
                }
            }
        }
        if job.targetLimit > 0, result.active.count > job.targetLimit {
            result.limitError = "target_limit exceeded (number of targets: \(result.active.count), limit: \(job.targetLimit))"
        }
        return result
    }

    /// What became of one discovered label set.
    public enum Outcome: Sendable, Hashable {
        case active(ScrapeTarget)
        /// Relabeling dropped it; its labels before relabeling.
        case dropped(Labels)
        /// Prometheus's message: `no address`, `"a/b:80" is not a valid hostname`, ….
        case failed(String)
    }

    /// The target for one discovered label set (`__address__` plus group labels) of `job`.
    public static func target(from discovered: Labels, job: ScrapeConfig) -> Outcome {
        var labels = discovered
        var defaults = [
            (TargetLabel.job, job.jobName), (TargetLabel.scrapeInterval, job.scrapeInterval.description),
            (TargetLabel.scrapeTimeout, job.scrapeTimeout.description),
        ]
        // A probe's address is the whole target: no path or scheme to add.
        if job.probe == nil { defaults += [(TargetLabel.metricsPath, job.metricsPath), (TargetLabel.scheme, job.scheme.rawValue)] }
        for (name, value) in defaults where labels.value(of: name).isEmpty {
            labels = labels.setting(name, to: value)
        }
        for (name, values) in job.params {
            if let first = values.first { labels = labels.setting(TargetLabel.paramPrefix + name, to: first) }
        }
        let preRelabel = labels
        guard let relabeled = Relabeling.process(preRelabel, job.relabelConfigs) else { return .dropped(preRelabel) }
        var address = relabeled.value(of: TargetLabel.address)
        if address.isEmpty { return .failed("no address") }
        var final = relabeled
        if let module = job.probe {
            if let problem = module.problem(with: address) { return .failed(problem) }
        } else if HostPort.needsPort(address) {
            switch relabeled.value(of: TargetLabel.scheme) {
            case "http", "": address += ":80"
            case "https": address += ":443"
            // Prometheus names the job's scheme here, not the relabeled one.
            default: return .failed("invalid scheme: \(quoteGoString(job.scheme.rawValue))")
            }
            final = final.setting(TargetLabel.address, to: address)
        }
        if job.probe == nil, address.contains("/") { return .failed("\(quoteGoString(address)) is not a valid hostname") }
        let intervalText = relabeled.value(of: TargetLabel.scrapeInterval)
        let timeoutText = relabeled.value(of: TargetLabel.scrapeTimeout)
        let interval: PromDuration, timeout: PromDuration
        do { interval = try PromDuration(parsing: intervalText) } catch {
            return .failed("error parsing scrape interval: \(error.message)")
        }
        if interval == .zero { return .failed("scrape interval cannot be 0") }
        do { timeout = try PromDuration(parsing: timeoutText) } catch {
            return .failed("error parsing scrape timeout: \(error.message)")
        }
        if timeout == .zero { return .failed("scrape timeout cannot be 0") }
        if timeout > interval {
            return .failed("scrape timeout cannot be greater than scrape interval (\(quoteGoString(timeoutText)) > \(quoteGoString(intervalText)))")
        }
        final = Labels(sortedUnchecked: final.pairs.filter { !$0.name.hasPrefix(TargetLabel.metaPrefix) })
        if final.value(of: TargetLabel.instance).isEmpty { final = final.setting(TargetLabel.instance, to: address) }
        return .active(ScrapeTarget(discoveredLabels: preRelabel, internalLabels: final, params: job.params))
    }
}

/// The targets of one job.
public struct ScrapeTargets: Sendable, Hashable {
    public var active: [ScrapeTarget] = []
    /// Discovered labels of the targets relabeling dropped.
    public var dropped: [Labels] = []
    public var errors: [ScrapeTargetError] = []
    /// Set when `target_limit` is exceeded: every scrape of the job then fails with this message.
    public var limitError: String?
    public init() {}
}

/// A target that cannot be scraped; prints like Prometheus's `instance 0 in group 1: no address`.
public struct ScrapeTargetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 0-based index in `static_configs`.
    public var group: Int
    /// 0-based index in the group's `targets`.
    public var instance: Int
    public var address: String
    public var message: String
    public var description: String { "instance \(instance) in group \(group) (\(quoteGoString(address))): \(message)" }
}
