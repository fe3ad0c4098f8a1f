import Foundation
import Logging
import VigilCore

/// Runs rule groups on their intervals: one task per group, so a slow group never delays
/// another. Firing and resolved alerts go to `notify` (the in-process alert pipeline).
public actor RuleManager {
    /// Receives the alerts a group evaluation wants sent.
    public typealias Notify = @Sendable ([RuleAlert]) async -> Void

    private let storage: any RuleStorage
    private let clock: any VigilCore.Clock
    private let notify: Notify
    private let logger: Logger
    private var runners: [String: GroupRunner] = [:]
    private var order: [String] = []
    private var tasks: [String: Task<Void, Never>] = [:]
    private var running = false

    public init(storage: any RuleStorage, clock: any VigilCore.Clock, logger: Logger, notify: @escaping Notify) {
        self.storage = storage
        self.clock = clock
        self.logger = logger
        self.notify = notify
    }

    /// Installs `groups` (a reload): groups with the same file and name keep their alerts'
    /// state; removed groups stop and their series are marked stale.
    public func update(groups: [RuleGroupDefinition], environment: RuleEnvironment, defaultInterval: Int64) async {
        var next: [String: GroupRunner] = [:]
        var nextOrder: [String] = []
        for definition in groups {
            var state = RuleGroupState(definition, defaultInterval: defaultInterval)
            if let old = runners[state.key] { state.copyState(from: await old.state) }
            let runner = GroupRunner(state: state, environment: environment)
            next[state.key] = runner
            nextOrder.append(state.key)
        }
        for (key, task) in tasks { task.cancel(); tasks[key] = nil }
        let now = Int64(clock.now().timeIntervalSince1970 * 1000)
        for (key, old) in runners where next[key] == nil {
            let markers = await old.state.staleMarkers(at: now)
            if !markers.isEmpty { try? storage.append(markers) }
        }
        runners = next
        order = nextOrder
        if running { startAll() }
    }

    /// Evaluates every group on its schedule until cancelled.
    public func run() async {
        running = true
        startAll()
        await withTaskCancellationHandler {
            while !Task.isCancelled {
                do { try await clock.sleep(until: clock.now().addingTimeInterval(3600)) } catch { break }
            }
        } onCancel: {
            Task { await self.stopAll() }
        }
        stopAll()
    }

    private func stopAll() {
        running = false
        for task in tasks.values { task.cancel() }
        tasks = [:]
    }

    private func startAll() {
        for key in order where tasks[key] == nil {
            guard let runner = runners[key] else { continue }
            let (storage, clock, notify, logger) = (self.storage, self.clock, self.notify, self.logger)
            tasks[key] = Task {
                await runner.loop(storage: storage, clock: clock, notify: notify, logger: logger)
            }
        }
    }

    /// The groups' current state, in file order.
    public func groups() async -> [RuleGroupState] {
        var out: [RuleGroupState] = []
        for key in order { if let runner = runners[key] { out.append(await runner.state) } }
        return out
    }

    /// Evaluates every group once at `time` (milliseconds), in order, and sends the alerts;
    /// for `rules test`-style drivers and tests that step time themselves.
    public func evaluateAll(at time: Int64) async {
        for key in order {
            guard let runner = runners[key] else { continue }
            let alerts = await runner.evaluate(at: time, storage: storage)
            if !alerts.isEmpty { await notify(alerts) }
        }
    }
}

/// One group's state and schedule.
actor GroupRunner {
    private(set) var state: RuleGroupState
    let environment: RuleEnvironment

    init(state: RuleGroupState, environment: RuleEnvironment) {
        self.state = state
        self.environment = environment
    }

    func evaluate(at time: Int64, storage: any RuleStorage) -> [RuleAlert] {
        state.evaluate(at: time, storage: storage, environment: environment)
    }

    func recordMissed(_ count: Int) { state.missedIterations += count }

    /// Sleeps until each evaluation slot and evaluates; slots that passed while an evaluation
    /// ran late are skipped and counted, as Prometheus does.
    func loop(storage: any RuleStorage, clock: any VigilCore.Clock, notify: RuleManager.Notify, logger: Logger) async {
        let interval = state.interval
        var slot = state.evaluationTimestamp(atOrBefore: Int64(clock.now().timeIntervalSince1970 * 1000)) + interval
        while !Task.isCancelled {
            do { try await clock.sleep(until: Date(timeIntervalSince1970: Double(slot) / 1000)) } catch { return }
            if Task.isCancelled { return }
            let alerts = evaluate(at: slot, storage: storage)
            if !alerts.isEmpty { await notify(alerts) }
            let now = Int64(clock.now().timeIntervalSince1970 * 1000)
            let missed = max(0, (now - slot) / interval - 1)
            if missed > 0 {
                recordMissed(Int(missed))
                logger.warning("rule group missed evaluations", metadata: [
                    "group": "\(state.definition.name)", "file": "\(state.definition.file)", "missed": "\(missed)"])
            }
            slot += (missed + 1) * interval
        }
    }
}
