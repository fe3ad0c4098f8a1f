import VigilConfig
import VigilCore

/// Alertmanager's top-level sections (`global`, `route`, `receivers`, `inhibit_rules`,
/// `templates`, `time_intervals`, `mute_time_intervals`) with their meaning and checks.
/// Vigil's config file is a superset: `VigilConfiguration` decodes these beside its own keys.
public struct AlertmanagerConfig: Sendable, Hashable, Codable {
    public var global = GlobalConfig()
    public var route: RouteConfig
    public var receivers: [ReceiverConfig]
    public var inhibitRules: [InhibitRuleConfig] = []
    public var templates: [String] = []
    public var timeIntervals: [NamedTimeInterval] = []

    /// The embedded default: everything goes to one receiver with no integrations, so alerts are
    /// received, grouped and recorded, and notifications are only logged.
    public static var embeddedDefault: AlertmanagerConfig {
        var route = RouteConfig(receiver: "log-only")
        route.groupBy = ["alertname"]
        return AlertmanagerConfig(route: route, receivers: [ReceiverConfig(name: "log-only")])
    }

    public init(route: RouteConfig, receivers: [ReceiverConfig]) {
        self.route = route
        self.receivers = receivers
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case global, route, receivers, inhibitRules = "inhibit_rules", templates
        case timeIntervals = "time_intervals", muteTimeIntervals = "mute_time_intervals"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "config")
        try self.init(sectionsFrom: decoder)
    }

    /// Decodes the Alertmanager sections of a mapping that may hold other keys too, then runs
    /// the semantic checks, all at once, each naming the place of the offending value.
    public init(sectionsFrom decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        global = try c.decode(GlobalConfig.self, forKey: .global, default: GlobalConfig())
        guard c.contains(.route) else { throw c.invalid(.route, "no route provided in config") }
        route = try c.decode(RouteConfig.self, forKey: .route)
        receivers = try c.decode([ReceiverConfig].self, forKey: .receivers, default: [])
        inhibitRules = try c.decode([InhibitRuleConfig].self, forKey: .inhibitRules, default: [])
        templates = try c.decode([String].self, forKey: .templates, default: [])
        timeIntervals = try c.decode([NamedTimeInterval].self, forKey: .timeIntervals, default: [])
            + c.decode([NamedTimeInterval].self, forKey: .muteTimeIntervals, default: [])
        var problems = SemanticErrors()
        validate(root: c.codingPath, into: &problems)
        try problems.throwIfAny()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(global, forKey: .global)
        try c.encode(route, forKey: .route)
        try c.encode(receivers, forKey: .receivers)
        if !inhibitRules.isEmpty { try c.encode(inhibitRules, forKey: .inhibitRules) }
        try c.encode(templates, forKey: .templates)
        if !timeIntervals.isEmpty { try c.encode(timeIntervals, forKey: .timeIntervals) }
    }

    private func validate(root: [any CodingKey], into problems: inout SemanticErrors) {
        let key = { (name: CodingKeys) -> [any CodingKey] in root + [name] }
        var names: Set<String> = []
        for (index, receiver) in receivers.enumerated() {
            let path = key(.receivers) + [AnyCodingKey.index(index), AnyCodingKey("name")]
            if !names.insert(receiver.name).inserted {
                problems.add(path, "notification config name \(quoteGoString(receiver.name)) is not unique")
            }
            for (i, email) in receiver.emailConfigs.enumerated() {
                let at = key(.receivers) + [AnyCodingKey.index(index), AnyCodingKey("email_configs"), AnyCodingKey.index(i)]
                if email.smarthost == nil, global.smtpSmarthost == nil {
                    problems.add(at, "no global SMTP smarthost set")
                }
                if email.from == nil, global.smtpFrom == nil {
                    problems.add(at, "no global SMTP from set")
                }
            }
            for (i, slack) in receiver.slackConfigs.enumerated() where slack.apiURL == nil && slack.apiURLFile == nil
                && global.slackAPIURL == nil && global.slackAPIURLFile == nil {
                problems.add(key(.receivers) + [AnyCodingKey.index(index), AnyCodingKey("slack_configs"), AnyCodingKey.index(i)],
                             "no global Slack API URL set either inline or in a file")
            }
        }
        for (index, receiver) in receivers.enumerated() {
            if let fallback = receiver.fallbackReceiver {
                let path = key(.receivers) + [AnyCodingKey.index(index), AnyCodingKey("fallback_receiver")]
                if !names.contains(fallback) { problems.add(path, "undefined receiver \(quoteGoString(fallback)) used as fallback_receiver") }
                if fallback == receiver.name { problems.add(path, "receiver \(quoteGoString(fallback)) cannot be its own fallback") }
            }
        }
        var intervalNames: Set<String> = []
        for (index, interval) in timeIntervals.enumerated() where !intervalNames.insert(interval.name).inserted {
            problems.add(key(.timeIntervals) + [AnyCodingKey.index(index), AnyCodingKey("name")],
                         "time interval \(quoteGoString(interval.name)) is not unique")
        }
        let routePath = key(.route)
        if route.receiver == nil { problems.add(routePath, "root route must specify a default receiver") }
        if !route.matchers.isEmpty { problems.add(routePath + [AnyCodingKey("matchers")], "root route must not have any matchers") }
        if route.continue { problems.add(routePath + [AnyCodingKey("continue")], "cannot have continue in root route") }
        if !route.muteTimeIntervals.isEmpty || !route.activeTimeIntervals.isEmpty {
            problems.add(routePath, "root route must not have any mute or active time intervals")
        }
        checkRoute(route, path: routePath, receivers: names, intervals: intervalNames, into: &problems)
    }

    private func checkRoute(_ route: RouteConfig, path: [any CodingKey], receivers: Set<String>, intervals: Set<String>,
                            into problems: inout SemanticErrors) {
        if let receiver = route.receiver, !receivers.contains(receiver) {
            problems.add(path + [AnyCodingKey("receiver")], "undefined receiver \(quoteGoString(receiver)) used in route")
        }
        for (field, list) in [("mute_time_intervals", route.muteTimeIntervals), ("active_time_intervals", route.activeTimeIntervals)] {
            for name in list where !intervals.contains(name) {
                problems.add(path + [AnyCodingKey(field)], "undefined time interval \(quoteGoString(name)) used in route")
            }
        }
        for (index, child) in route.routes.enumerated() {
            checkRoute(child, path: path + [AnyCodingKey("routes"), AnyCodingKey.index(index)], receivers: receivers,
                       intervals: intervals, into: &problems)
        }
    }

    public func receiver(named name: String) -> ReceiverConfig? { receivers.first { $0.name == name } }
    public func timeInterval(named name: String) -> NamedTimeInterval? { timeIntervals.first { $0.name == name } }
}
