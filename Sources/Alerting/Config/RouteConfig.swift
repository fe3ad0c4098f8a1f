import VigilConfig
import VigilCore

/// One node of the `route` tree as written. Unset options inherit from the parent route
/// (see `Route`); `group_by: ['...']` groups by all labels.
public struct RouteConfig: Sendable, Hashable, Codable {
    public var receiver: String?
    public var groupBy: [String]?
    public var matchers: [LabelMatcher] = []
    public var muteTimeIntervals: [String] = []
    public var activeTimeIntervals: [String] = []
    public var `continue` = false
    public var routes: [RouteConfig] = []
    public var groupWait: PromDuration?
    public var groupInterval: PromDuration?
    public var repeatInterval: PromDuration?

    public init(receiver: String? = nil) { self.receiver = receiver }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case receiver, groupBy = "group_by", match, matchRE = "match_re", matchers
        case muteTimeIntervals = "mute_time_intervals", activeTimeIntervals = "active_time_intervals"
        case `continue`, routes, groupWait = "group_wait", groupInterval = "group_interval", repeatInterval = "repeat_interval"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "route")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        receiver = try c.decodeIfPresent(String.self, forKey: .receiver)
        groupBy = try c.decodeIfPresent([String].self, forKey: .groupBy)
        if let groupBy {
            if groupBy.contains("..."), groupBy.count > 1 {
                throw c.invalid(.groupBy, "cannot have wildcard group_by (`...`) and other labels at the same time")
            }
            var seen: Set<String> = []
            for name in groupBy where name != "..." {
                if !LabelName.isValid(name) { throw c.invalid(.groupBy, "invalid label name \(quoteGoString(name)) in group_by list") }
                if !seen.insert(name).inserted { throw c.invalid(.groupBy, "duplicated label \(quoteGoString(name)) in group_by") }
            }
        }
        matchers = try c.decodeLegacyMatch(equal: .match, regex: .matchRE) + c.decodeMatchers(forKey: .matchers)
        muteTimeIntervals = try c.decode([String].self, forKey: .muteTimeIntervals, default: [])
        activeTimeIntervals = try c.decode([String].self, forKey: .activeTimeIntervals, default: [])
        self.continue = try c.decode(Bool.self, forKey: .continue, default: false)
        routes = try c.decode([RouteConfig].self, forKey: .routes, default: [])
        groupWait = try c.decodeIfPresent(PromDuration.self, forKey: .groupWait)
        groupInterval = try c.decodeIfPresent(PromDuration.self, forKey: .groupInterval)
        repeatInterval = try c.decodeIfPresent(PromDuration.self, forKey: .repeatInterval)
        if let groupInterval, groupInterval.milliseconds <= 0 { throw c.invalid(.groupInterval, "group_interval cannot be zero") }
        if let repeatInterval, repeatInterval.milliseconds <= 0 { throw c.invalid(.repeatInterval, "repeat_interval cannot be zero") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(receiver, forKey: .receiver)
        try c.encodeIfPresent(groupBy, forKey: .groupBy)
        if !matchers.isEmpty { try c.encode(matchers.map(\.description), forKey: .matchers) }
        if !muteTimeIntervals.isEmpty { try c.encode(muteTimeIntervals, forKey: .muteTimeIntervals) }
        if !activeTimeIntervals.isEmpty { try c.encode(activeTimeIntervals, forKey: .activeTimeIntervals) }
        try c.encode(self.continue, forKey: .continue)
        if !routes.isEmpty { try c.encode(routes, forKey: .routes) }
        try c.encodeIfPresent(groupWait, forKey: .groupWait)
        try c.encodeIfPresent(groupInterval, forKey: .groupInterval)
        try c.encodeIfPresent(repeatInterval, forKey: .repeatInterval)
    }
}
