import Foundation
import Logging
import VigilCore

/// Holds the alerts, routes them into aggregation groups and flushes each group on its timer.
///
/// Plays the part of Alertmanager's in-memory alert provider, dispatcher and inhibitor: all
/// decisions about which alerts exist and when a group is due are made here, in one actor, so
/// that a POST of many alerts costs one hop.
public actor Dispatcher {
    private var route: Route
    /// Every route of the tree by `Route.id`, to find a group's route without matching again.
    private var routesByID: [String: Route]
    private var inhibitor: Inhibitor
    private var alerts: [Fingerprint: Alert] = [:]
    private var groups: [GroupID: AggregationGroup] = [:]
    /// Groups each alert belongs to, to route a re-posted alert without matching again.
    private var membership: [Fingerprint: [GroupID]] = [:]
    private var timers = DeadlineHeap<GroupID>()
    private let clock: any VigilCore.Clock
    private let handler: any FlushHandler
    private let logger: Logger
    private let wake = WakeSignal()
    private var sleepingUntil: Date?
    /// Flushes handed to the pipeline and not finished yet.
    public private(set) var flushesInFlight = 0
    private var lastGC: Date

    public init(route: Route, inhibitRules: [InhibitRuleConfig], clock: any VigilCore.Clock, handler: any FlushHandler,
                logger: Logger) {
        self.route = route
        routesByID = Dictionary(uniqueKeysWithValues: route.all.map { ($0.id, $0) })
        inhibitor = Inhibitor(inhibitRules)
        self.clock = clock
        self.handler = handler
        self.logger = logger
        lastGC = clock.now()
    }

    // MARK: Alerts in

    /// Stores alerts (merging with stored ones of the same fingerprint) and routes them.
    public func put(_ incoming: [Alert]) {
        let now = clock.now()
        var woke = false
        for alert in incoming {
            let fingerprint = alert.fingerprint
            let stored = Alert.storing(alert, over: alerts[fingerprint])
            alerts[fingerprint] = stored
            if !inhibitor.isEmpty {
                inhibitor.observe(stored.labels, fingerprint: fingerprint, active: !stored.isResolved(at: now))
            }
            let ids: [GroupID]
            if let known = membership[fingerprint] {
                ids = known
            } else {
                ids = route.match(stored.labels).map { route in
                    GroupID(routeID: route.id, labels: route.options.groupLabels(of: stored.labels).fingerprint)
                }
                membership[fingerprint] = ids
            }
            for id in ids {
                if groups[id] == nil, let matched = routesByID[id.routeID] {
                    let group = AggregationGroup(id: id, routeKey: matched.key, labels: matched.options.groupLabels(of: stored.labels),
                                                 options: matched.options, now: now)
                    groups[id] = group
                    timers.push(group.nextFlush, id)
                    woke = woke || isEarlier(group.nextFlush)
                }
                if groups[id]?.insert(stored, now: now) == true {
                    timers.push(now, id)
                    woke = true
                }
            }
        }
        if woke { wake.signal() }
    }

    private func isEarlier(_ deadline: Date) -> Bool {
        guard let sleepingUntil else { return true }
        return deadline < sleepingUntil
    }

    /// Replaces the routing tree and inhibit rules, regrouping the stored alerts as a fresh
    /// Alertmanager would after a reload: new groups, new timers; the notification log keeps
    /// already-sent groups from being notified again.
    public func apply(route: Route, inhibitRules: [InhibitRuleConfig]) {
        self.route = route
        routesByID = Dictionary(uniqueKeysWithValues: route.all.map { ($0.id, $0) })
        inhibitor = Inhibitor(inhibitRules)
        groups = [:]
        membership = [:]
        timers = DeadlineHeap()
        let now = clock.now()
        let current = alerts.values.filter { !$0.isResolved(at: now) }
        alerts = [:]
        put(current)
        wake.signal()
    }

    // MARK: Reading

    /// The stored alert with this fingerprint.
    public func alert(_ fingerprint: Fingerprint) -> Alert? { alerts[fingerprint] }

    /// Every stored alert not resolved at `now`, with the receivers of the routes it matched and
    /// the alerts inhibiting it.
    public func activeAlerts(now: Date) -> [(alert: Alert, receivers: [String], inhibitedBy: [Fingerprint])] {
        alerts.values.filter { !$0.isResolved(at: now) }.map { alert in
            let receivers = Set(route.match(alert.labels).map(\.options.receiver)).sorted()
            return (alert, receivers, inhibitors(of: alert, now: now))
        }
    }

    /// Alerts not resolved at `now`, without routing information.
    public func unresolvedAlerts(now: Date) -> [Alert] { alerts.values.filter { !$0.isResolved(at: now) } }

    /// The current groups with their alerts, for `GET /api/v2/alerts/groups`.
    public func groupSnapshot() -> [AggregationGroup] { Array(groups.values) }

    /// The root of the routing tree in force.
    public var routingTree: Route { route }

    public var alertCount: Int { alerts.count }

    private func inhibitors(of alert: Alert, now: Date) -> [Fingerprint] {
        guard !inhibitor.isEmpty else { return [] }
        return inhibitor.inhibitors(of: alert.labels, fingerprint: alert.fingerprint) { source in
            guard let candidate = alerts[source] else { return false }
            return !candidate.isResolved(at: now)
        }
    }

    // MARK: Timers

    /// Flushes groups as their timers come due until the task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { tasks in
            while !Task.isCancelled {
                let now = clock.now()
                for job in dueJobs(now: now) {
                    flushesInFlight += 1
                    tasks.addTask { [handler] in
                        let success = await handler.flush(job.job)
                        await self.finishFlush(job.id, notified: job.job.alerts, success: success, now: job.job.now)
                    }
                }
                collectGarbage(now: now)
                let deadline = nextDeadline(after: now)
                sleepingUntil = deadline
                await sleep(until: deadline)
                sleepingUntil = nil
            }
        }
    }

    private func sleep(until deadline: Date) async {
        let clock = self.clock
        let wake = self.wake
        await withTaskGroup(of: Void.self) { race in
            race.addTask { try? await clock.sleep(until: deadline) }
            race.addTask { await wake.wait() }
            await race.next()
            race.cancelAll()
        }
    }

    private func nextDeadline(after now: Date) -> Date {
        let gc = lastGC.addingTimeInterval(30)
        guard let earliest = timers.peek else { return gc }
        return min(earliest, gc)
    }

    private func dueJobs(now: Date) -> [(id: GroupID, job: FlushJob)] {
        var jobs: [(GroupID, FlushJob)] = []
        while let (deadline, id) = timers.popIfDue(now) {
            guard var group = groups[id], group.nextFlush == deadline else { continue }  // stale entry
            if group.flushing { continue }  // re-armed when the running flush ends
            let tick = deadline
            let snapshot = group.beginFlush(now: tick)
            groups[id] = group
            timers.push(group.nextFlush, id)
            guard !snapshot.isEmpty else { continue }
            var inhibited: Set<Fingerprint> = []
            for alert in snapshot where !inhibitors(of: alert, now: tick).isEmpty { inhibited.insert(alert.fingerprint) }
            jobs.append((id, FlushJob(
                groupKey: group.key, groupLabels: group.labels, receiver: group.options.receiver, alerts: snapshot,
                inhibited: inhibited, now: tick, repeatInterval: group.options.repeatInterval,
                muteTimeIntervals: group.options.muteTimeIntervals, activeTimeIntervals: group.options.activeTimeIntervals)))
        }
        return jobs
    }

    private func finishFlush(_ id: GroupID, notified: [Alert], success: Bool, now: Date) {
        flushesInFlight -= 1
        guard var group = groups[id] else { return }
        group.endFlush(notified: notified, success: success, now: now)
        groups[id] = group
        if group.nextFlush <= clock.now() {
            timers.push(group.nextFlush, id)
            wake.signal()
        }
        if !success {
            logger.warning("flush failed", metadata: ["group.key": "\(group.key)"])
        }
    }

    /// Drops empty groups and, like Alertmanager's alert GC, alerts resolved and in no group.
    private func collectGarbage(now: Date) {
        guard now >= lastGC.addingTimeInterval(30) else { return }
        lastGC = now
        for (id, group) in groups where group.isEmpty && !group.flushing { groups[id] = nil }
        for (fingerprint, alert) in alerts where alert.isResolved(at: now) {
            let stillGrouped = membership[fingerprint]?.contains { groups[$0]?.alerts[fingerprint] != nil } ?? false
            if !stillGrouped {
                alerts[fingerprint] = nil
                membership[fingerprint] = nil
                inhibitor.observe(alert.labels, fingerprint: fingerprint, active: false)
            }
        }
    }
}
