import VigilCore

/// A node of the routing tree, built once from `RouteConfig` and swapped whole on reload.
public final class Route: Sendable {
    public let options: RouteOptions
    public let matchers: [LabelMatcher]
    public let `continue`: Bool
    public let children: [Route]
    /// Identifies the route in group keys: the parent's key, `/`, then the matchers, as
    /// Alertmanager's `Route.Key` (`{}/{severity="critical"}`).
    public let key: String
    /// Position in the tree, e.g. `0.2.1`; stable for a config and used to name the route.
    public let id: String

    /// Builds the tree rooted at `config` (the root inherits Alertmanager's defaults).
    public convenience init(_ config: RouteConfig) {
        self.init(config, parentOptions: RouteOptions.defaults, parentKey: nil, parentID: nil, index: 0)
    }

    private init(_ config: RouteConfig, parentOptions: RouteOptions, parentKey: String?, parentID: String?, index: Int) {
        var options = parentOptions
        if let receiver = config.receiver { options.receiver = receiver }
        if let groupBy = config.groupBy {
            options.groupByAll = groupBy == ["..."]
            options.groupBy = options.groupByAll ? [] : Set(groupBy)
        }
        if let wait = config.groupWait { options.groupWait = wait }
        if let interval = config.groupInterval { options.groupInterval = interval }
        if let repeatInterval = config.repeatInterval { options.repeatInterval = repeatInterval }
        options.muteTimeIntervals = config.muteTimeIntervals
        options.activeTimeIntervals = config.activeTimeIntervals
        self.options = options
        // Sorted as Alertmanager sorts them: by name, then value, then type.
        let sorted = config.matchers.sorted { a, b in
            a.name != b.name ? a.name < b.name : (a.value != b.value ? a.value < b.value : a.type.order < b.type.order)
        }
        matchers = sorted
        self.continue = config.continue
        let ownKey = matchersDescription(sorted)
        let key = parentKey.map { "\($0)/\(ownKey)" } ?? ownKey
        let id = parentID.map { "\($0).\(index)" } ?? "0"
        self.key = key
        self.id = id
        children = config.routes.enumerated().map {
            Route($0.element, parentOptions: options, parentKey: key, parentID: id, index: $0.offset)
        }
    }

    /// The routes that take an alert with `labels`: depth first, the first matching child (and
    /// its siblings after it while `continue` is set), or this route when no child matches.
    public func match(_ labels: Labels) -> [Route] {
        guard matchers.matches(labels) else { return [] }
        var all: [Route] = []
        for child in children {
            let matched = child.match(labels)
            all += matched
            if !matched.isEmpty, !child.continue { break }
        }
        return all.isEmpty ? [self] : all
    }

    /// Every route of the tree, depth first.
    public var all: [Route] { [self] + children.flatMap(\.all) }
}

extension MatchType {
    /// Alertmanager's enum order, used to sort matchers.
    var order: Int {
        switch self {
        case .equal: 0
        case .notEqual: 1
        case .regexMatch: 2
        case .regexNoMatch: 3
        }
    }
}
