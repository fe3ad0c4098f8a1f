import VigilCore

/// The options an alert group takes from the route that matched it; unset options are
/// inherited from the parent route, and the root inherits Alertmanager's defaults.
public struct RouteOptions: Sendable, Hashable {
    public var receiver: String
    public var groupBy: Set<String>
    public var groupByAll: Bool
    public var groupWait: PromDuration
    public var groupInterval: PromDuration
    public var repeatInterval: PromDuration
    public var muteTimeIntervals: [String]
    public var activeTimeIntervals: [String]

    /// Alertmanager's `DefaultRouteOpts`: group_wait 30s, group_interval 5m, repeat_interval 4h.
    public static let defaults = RouteOptions(
        receiver: "", groupBy: [], groupByAll: false, groupWait: .seconds(30), groupInterval: .minutes(5),
        repeatInterval: .hours(4), muteTimeIntervals: [], activeTimeIntervals: [])

    /// The labels of `labels` that form the group's identity under these options.
    public func groupLabels(of labels: Labels) -> Labels {
        groupByAll ? labels : labels.keeping(groupBy)
    }
}
