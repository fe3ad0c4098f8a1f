import Alerting
import Crypto
import Foundation
import Governance
import OnCall
import PromQL
import Rules
import Runbooks
import Scrape
import VigilConfig
import VigilCore

/// Vigil's config file: Alertmanager's top-level sections in their place and meaning, so an
/// Alertmanager 0.25 file works unchanged, and Vigil's own sections beside them.
public struct VigilConfiguration: Sendable, Codable {
    public var alertmanager: AlertmanagerConfig
    public var notifications = NotificationsConfig()
    public var promql = PromQLConfig()
    /// Globs of Prometheus rule files, relative to the config file's folder.
    public var ruleFiles: [String] = []
    public var rules = RulesConfig()
    /// `scrape`: job defaults and the scrape of Vigil itself (docs/SCRAPING.md).
    public var scrape = ScrapeSettings()
    /// `scrape_configs`: Prometheus's jobs, static targets only.
    public var scrapeConfigs = ScrapeConfigs([])
    /// `probe_configs`: HTTP and TCP health probes, stored as `probe_*` series (docs/CONFIGURATION.md).
    public var probeConfigs = ProbeConfigs([])
    /// `oncall`: people, schedules, severity and escalation policies, incident rules (docs/ONCALL.md).
    public var oncall: OnCallConfig?
    public var runbooks = RunbooksConfig()
    /// `storage`: the metrics store's retention and WAL syncing, the write endpoints' body limits.
    public var storage = StorageConfig()
    /// `auth`: token checking and the compatible endpoints' anonymous access.
    public var auth = AuthConfig()
    /// `roles`: custom roles beside the built-in ones (docs/PERMISSIONS.md).
    public var roles: [RoleConfig.CustomRole] = []
    /// `audit`: the ledger's external anchor (docs/LEDGER-FORMAT.md).
    public var audit = AuditConfig()
    /// The file's text, for `GET /api/v2/status` (secrets masked) and its hash for the ledger.
    public var source = ConfigSource(file: nil, text: "")

    public struct ConfigSource: Sendable, Hashable, Codable {
        public var file: String?
        public var text: String
        /// SHA-256 of the file's bytes, hex.
        public var sha256: String {
            SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        }
    }

    /// Whether Vigil's self-monitoring rules are evaluated (the embedded default config).
    public var selfMonitoringRules = false

    /// The configuration used when no file is given: one log-only receiver, and rules over
    /// Vigil's own metrics.
    public static var embeddedDefault: VigilConfiguration {
        var config = VigilConfiguration(alertmanager: .embeddedDefault)
        config.selfMonitoringRules = true
        return config
    }

    /// The groups of `rule_files` (globs relative to the config file's folder), plus the
    /// self-monitoring group in the embedded default. Throws every file's errors.
    public func ruleGroups(compatibility: PromQLCompatibility) throws(ConfigErrors) -> [RuleGroupDefinition] {
        var groups = selfMonitoringRules ? try SelfMonitoringRules.groups(compatibility: compatibility) : []
        groups += try RuleFileSet.load(globs: ruleFiles, baseDirectory: source.file.map { ($0 as NSString).deletingLastPathComponent },
                                       compatibility: compatibility)
        return groups
    }

    public init(alertmanager: AlertmanagerConfig) { self.alertmanager = alertmanager }

    enum VigilKeys: String, CodingKey, CaseIterable {
        case notifications, promql, ruleFiles = "rule_files", rules, oncall, runbooks, scrape, scrapeConfigs = "scrape_configs", probeConfigs = "probe_configs", auth, roles, storage, audit
    }

    private struct AllKeys: CodingKey, CaseIterable {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static var allCases: [AllKeys] {
            (AlertmanagerConfig.CodingKeys.allCases.map(\.rawValue) + VigilKeys.allCases.map(\.rawValue))
                .compactMap(AllKeys.init(stringValue:))
        }
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(AllKeys.self, in: "config")
        alertmanager = try AlertmanagerConfig(sectionsFrom: decoder)
        let c = try decoder.container(keyedBy: VigilKeys.self)
        notifications = try c.decode(NotificationsConfig.self, forKey: .notifications, default: NotificationsConfig())
        promql = try c.decode(PromQLConfig.self, forKey: .promql, default: PromQLConfig())
        ruleFiles = try c.decode([String].self, forKey: .ruleFiles, default: [])
        rules = try c.decode(RulesConfig.self, forKey: .rules, default: RulesConfig())
        oncall = try c.decodeIfPresent(OnCallConfig.self, forKey: .oncall)
        runbooks = try c.decode(RunbooksConfig.self, forKey: .runbooks, default: RunbooksConfig())
        scrape = try c.decode(ScrapeSettings.self, forKey: .scrape, default: ScrapeSettings())
        scrapeConfigs = try c.decode(ScrapeConfigs.self, forKey: .scrapeConfigs, default: ScrapeConfigs([]))
        probeConfigs = try c.decode(ProbeConfigs.self, forKey: .probeConfigs, default: ProbeConfigs([]))
        try Self.checkTargets(scrapeConfigs)
        try Self.checkProbes(probeConfigs, scrapeConfigs: scrapeConfigs, selfScrape: scrape.selfScrapeInterval != .zero)
        auth = try c.decode(AuthConfig.self, forKey: .auth, default: AuthConfig())
        roles = try c.decode([RoleConfig.CustomRole].self, forKey: .roles, default: [])
        storage = try c.decode(StorageConfig.self, forKey: .storage, default: StorageConfig())
        audit = try c.decode(AuditConfig.self, forKey: .audit, default: AuditConfig())
        var problems = SemanticErrors()
        oncall?.checkReceivers(Set(alertmanager.receivers.map(\.name)), root: [VigilKeys.oncall], into: &problems)
        var seen = Set(Role.builtIn.map(\.name))
        for (index, role) in roles.enumerated() where !seen.insert(role.name).inserted {
            problems.add([VigilKeys.roles, AnyCodingKey.index(index), AnyCodingKey("name")], RoleError.duplicate(role.name).description)
        }
        if let catalog = try? roleCatalog() { auth.check(roles: catalog, root: [VigilKeys.auth], into: &problems) }
        try problems.throwIfAny()
    }

    public func encode(to encoder: any Encoder) throws {
        try alertmanager.encode(to: encoder)
        var c = encoder.container(keyedBy: VigilKeys.self)
        try c.encode(notifications, forKey: .notifications)
        try c.encode(promql, forKey: .promql)
        if !ruleFiles.isEmpty { try c.encode(ruleFiles, forKey: .ruleFiles) }
        if runbooks.directory != nil { try c.encode(runbooks, forKey: .runbooks) }
        try c.encode(rules, forKey: .rules)
        try c.encode(auth, forKey: .auth)
        if audit.anchor != nil { try c.encode(audit, forKey: .audit) }
    }

    /// The built-in roles and those of `roles`.
    public func roleCatalog() throws(RoleError) -> RoleCatalog {
        try RoleCatalog(custom: roles.map { Role(name: $0.name, permissions: $0.permissions, description: $0.description) })
    }

    /// Every static target must build: Vigil knows all its targets at load time, so one that
    /// relabeling leaves without an address (or with a bad interval) refuses the file, where
    /// Prometheus would log it and scrape the others.
    private static func checkTargets(_ configs: ScrapeConfigs) throws {
        var problems = SemanticErrors()
        for (index, job) in configs.jobs.enumerated() {
            for error in TargetBuilder.targets(for: job).errors {
                problems.add([VigilKeys.scrapeConfigs, AnyCodingKey.index(index), AnyCodingKey("static_configs"),
                              AnyCodingKey.index(error.group), AnyCodingKey("targets"), AnyCodingKey.index(error.instance)],
                             "job \(quoteGoString(job.jobName)): \(error)")
            }
        }
        try problems.throwIfAny()
    }

    /// Probe job names must not clash with scrape jobs (nor with the implicit `vigil` job while it
    /// runs), and every probe target must suit its module.
    private static func checkProbes(_ probes: ProbeConfigs, scrapeConfigs: ScrapeConfigs, selfScrape: Bool) throws {
        var problems = SemanticErrors()
        var taken = Set(scrapeConfigs.jobs.map(\.jobName))
        if selfScrape { taken.insert(SelfScrapeJob.name) }
        for (index, probe) in probes.probes.enumerated() {
            let place: [any CodingKey] = [VigilKeys.probeConfigs, AnyCodingKey.index(index)]
            if taken.contains(probe.jobName) {
                problems.add(place + [AnyCodingKey("job_name")],
                             "job name \(quoteGoString(probe.jobName)) is already used by a scrape job")
            }
            for error in TargetBuilder.targets(for: probe.scrapeConfig).errors {
                problems.add(place + [AnyCodingKey("targets"), AnyCodingKey.index(error.instance)],
                             "job \(quoteGoString(probe.jobName)): \(error.message)")
            }
        }
        try problems.throwIfAny()
    }

    /// Parses and checks a config file's text. Errors name `file:line:col`.
    ///
    /// Two passes: the `scrape` section first, whose defaults `scrape_configs` jobs then take
    /// (as Prometheus's jobs take `global`'s).
    public static func parse(_ text: String, file: String?) throws(ConfigErrors) -> VigilConfiguration {
        let loader = YAMLLoader(file: file)
        let settings = try loader.decode(ScrapeSettingsPass.self, from: text).settings
        var config = try loader.decode(VigilConfiguration.self, from: text, userInfo: [ScrapeGlobal.userInfoKey: settings.global])
        config.source = ConfigSource(file: file, text: text)
        return config
    }

    /// The notification templates: Vigil's defaults plus the `templates` files, found relative
    /// to the config file's folder. Throws for a file that cannot be read or parsed.
    public func notificationTemplates(clock: any VigilCore.Clock) throws -> NotificationTemplates {
        try NotificationTemplates(globs: alertmanager.templates,
                                  baseDirectory: source.file.map { ($0 as NSString).deletingLastPathComponent }, clock: clock)
    }

    /// The runbooks of `runbooks.directory`, relative to the config file's folder; nil when none.
    public func runbookLibrary() throws(ConfigErrors) -> RunbookLibrary? {
        try runbooks.library(baseDirectory: source.file.map { ($0 as NSString).deletingLastPathComponent })
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(ConfigErrors) -> VigilConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors([ConfigError(position: nil, message: "\(path): cannot read config file: \(error.localizedDescription)")])
        }
        return try parse(text, file: path)
    }
}
