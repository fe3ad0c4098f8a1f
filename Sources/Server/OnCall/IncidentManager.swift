import Alerting
import Foundation
import Logging
import OnCall
import VigilCore

/// Runs incidents: opens them from firing alerts by `oncall.incident_rules`, resolves their
/// alerts (and, with `auto_resolve`, the incidents), sends escalation pages through receivers
/// when they fall due, and applies people's actions. Every change is saved with its audit
/// entry before it takes effect in memory, so a restart neither loses nor repeats a page.
public actor IncidentManager {
    private let store: any IncidentStore
    private let system: AlertingSystem
    private let clock: any VigilCore.Clock
    private let logger: Logger
    private let actions: ActionRunner
    public private(set) var config: OnCallConfig?
    private var incidents: [IncidentID: Incident] = [:]
    private var order: [IncidentID] = []
    private var nextNumber = 1

    public init(store: any IncidentStore, system: AlertingSystem, clock: any VigilCore.Clock, externalURL: String, logger: Logger) {
        actions = ActionRunner(externalURL: externalURL)
        self.store = store
        self.system = system
        self.clock = clock
        self.logger = logger
    }

    /// Loads stored incidents; call once before `run`.
    public func load() async throws {
        for incident in try await store.loadAll() {
            incidents[incident.id] = incident
            order.append(incident.id)
            if let number = Int(incident.id.rawValue.dropFirst(4)), incident.id.rawValue.hasPrefix("INC-") {
                nextNumber = max(nextNumber, number + 1)
            }
        }
    }

    /// Installs the `oncall` section in force (nil: incidents are only opened by hand and never escalate).
    public func configure(_ config: OnCallConfig?) {
        self.config = config
    }

    // MARK: - Reading

    /// Incidents, newest first, optionally only those in `statuses`.
    public func list(statuses: Set<IncidentStatus>? = nil) -> [Incident] {
        order.reversed().compactMap { incidents[$0] }.filter { statuses?.contains($0.status) ?? true }
    }

    public func incident(_ id: IncidentID) -> Incident? { incidents[id] }

    // MARK: - The loop

    /// Reconciles with the alert pipeline and sends due pages until cancelled; wakes at the next
    /// escalation deadline, every 5 s for new alerts, or when the config changes.
    public func run() async {
        while !Task.isCancelled {
            let now = clock.now()
            await reconcile(now: now)
            await notifyOverdueFollowUps(now: now)
            let next = await escalate(now: now)
            var deadline = now.addingTimeInterval(5)
            if let next, next < deadline { deadline = max(next, now) }
            do { try await clock.sleep(until: deadline) } catch { return }
        }
    }

    /// Opens or joins incidents for unresolved, unsilenced alerts, and resolves related alerts
    /// that are no longer firing.
    public func reconcile(now: Date) async {
        guard let config else { return }
        let router = IncidentRouter(config: config)
        let silences = await system.silences.activeSnapshot(at: now)
        let firing = await system.dispatcher.unresolvedAlerts(now: now)
            .filter { alert in !silences.contains { $0.matchers.matches(alert.labels) } }
        var firingByFingerprint: [String: Alert] = [:]
        for alert in firing { firingByFingerprint[alert.fingerprint.description] = alert }

        // Alerts that stopped firing.
        for id in order {
            guard var incident = incidents[id], incident.status != .resolved else { continue }
            let gone = incident.alerts.filter { $0.isFiring && firingByFingerprint[$0.fingerprint] == nil }
            guard !gone.isEmpty else { continue }
            for alert in gone { incident.alertResolved(fingerprint: alert.fingerprint, at: now, followUpRules: config.followUps) }
            await commit(incident, IncidentChange(action: incident.status == .resolved ? "incident.auto_resolve" : "incident.alert_resolved",
                                                  agent: .system("alerts"), at: now,
                                                  details: ["alerts": gone.map(\.alertname).joined(separator: ",")]))
        }

        // Alerts that fire. The open incidents by group key, and the alerts already firing in
        // them, are indexed once and kept current as incidents open and alerts join.
        var open: [String: IncidentID] = [:]
        var tracked: Set<String> = []
        for id in order {
            guard let incident = incidents[id], incident.status != .resolved, let key = incident.groupKey else { continue }
            open[key] = id
            for related in incident.alerts where related.isFiring { tracked.insert(related.fingerprint) }
        }
        for alert in firing.sorted(by: { $0.startsAt < $1.startsAt }) {
            let fingerprint = alert.fingerprint.description
            if tracked.contains(fingerprint) { continue }
            switch router.route(alert.labels, openIncidents: open) {
            case .ignore:
                continue
            case .join(let id):
                guard var incident = incidents[id] else { continue }
                do { try incident.alertFired(fingerprint: fingerprint, labels: alert.labels, at: now) } catch { continue }
                if await commit(incident, IncidentChange(action: "incident.alert_joined", agent: .system("alerts"), at: now,
                                                         details: ["alertname": alert.name, "fingerprint": fingerprint])) {
                    tracked.insert(fingerprint)
                }
            case .open(let opening):
                let id = IncidentID("INC-\(nextNumber)")
                var incident = router.open(opening, id: id, fingerprint: fingerprint, labels: alert.labels, at: now)
                if alert.labels["vigil_drill"] == "true" { incident.title = "DRILL: " + incident.title }
                if await commit(incident, IncidentChange(action: "incident.open", agent: .system("incident_rule \(opening.rule)"), at: now,
                                                         details: ["rule": opening.rule, "alertname": alert.name])) {
                    nextNumber += 1
                    open[opening.groupKey] = id
                    tracked.insert(fingerprint)
                    await notifyOpened(incident, now: now)
                    await startActions(id, rule: opening.rule)
                }
            }
        }
    }

    /// Sends every escalation step that is due at `now`; returns the next deadline.
    @discardableResult
    public func escalate(now: Date) async -> Date? {
        guard let config else { return nil }
        let engine = EscalationEngine(config: config)
        var next: Date?
        for id in order {
            guard var incident = incidents[id], incident.status == .triggered, incident.escalation != nil else { continue }
            let steps = incident.escalate(to: now, engine: engine)
            if !steps.isEmpty {
                // Saved before sending: a crash after this point cannot page twice; the outbox
                // rows written next carry the pages to delivery.
                let saved = await commit(incident, IncidentChange(
                    action: "incident.escalate", agent: .system("escalation"), at: now,
                    details: ["steps": steps.map(\.id.description).joined(separator: ",")]))
                if saved {
                    for step in steps { await page(step, incident: incident, now: now) }
                }
            }
            if let state = incidents[id]?.escalation, let deadline = engine.nextDeadline(state) {
                next = min(next ?? deadline, deadline)
            }
        }
        return next
    }

    /// Tells the severity policy's `notify` receivers, once per task, that a follow-up is overdue.
    public func notifyOverdueFollowUps(now: Date) async {
        for id in order {
            guard var incident = incidents[id], incident.followUps.contains(where: { $0.isOverdue(at: now) && $0.overdueNotifiedAt == nil })
            else { continue }
            let tasks = incident.takeNewlyOverdueFollowUps(at: now)
            guard await commit(incident, IncidentChange(action: "incident.follow_up_overdue", agent: .system("follow_ups"), at: now,
                                                        details: ["tasks": tasks.map(\.task).joined(separator: "; ")])) else { continue }
            guard let policy = config?.severityPolicy(for: incident.severity) else { continue }
            for task in tasks {
                for receiver in policy.notify {
                    await send(to: receiver, incident: incident, extra: ["oncall_event": "follow_up_overdue", "follow_up": task.task],
                               key: "follow-up/\(task.task)", now: now)
                }
            }
        }
    }

    // MARK: - People's actions

    /// Opens an incident by hand.
    public func open(title: String, severity: Severity, summary: String, by user: UserID) async throws -> Incident {
        let now = clock.now()
        guard !title.isEmpty else { throw IncidentRequestError.invalid("title must not be empty") }
        if let config, !config.severityPolicies.isEmpty, config.severityPolicy(for: severity) == nil {
            throw IncidentRequestError.invalid("unknown severity \(quoteGoString(severity.rawValue)) (defined: \(config.severityPolicies.map(\.severity.rawValue).joined(separator: ", ")))")
        }
        let engine = config.map { EscalationEngine(config: $0) }
        let id = IncidentID("INC-\(nextNumber)")
        let incident = Incident(id: id, title: title, severity: severity, summary: summary, openedAt: now, openedBy: .user(user),
                                escalation: engine?.start(severity: severity, triggeredAt: now))
        try await save(incident, IncidentChange(action: "incident.open", agent: .user(user), at: now, details: ["title": title]))
        nextNumber += 1
        await notifyOpened(incident, now: now)
        await escalate(now: now)
        await startActions(id, rule: nil)
        return incidents[id] ?? incident
    }

    /// Applies `change` to incident `id` and saves it with an audit entry named `action`.
    /// Throws `IncidentRequestError.notFound`, or the incident's own error (state unchanged).
    public func update(_ id: IncidentID, action: String, by agent: Agent, details: [String: String] = [:],
                       _ change: (inout Incident, Date, OnCallConfig) throws -> Void) async throws -> Incident {
        guard var incident = incidents[id] else { throw IncidentRequestError.notFound(id) }
        let now = clock.now()
        try change(&incident, now, config ?? OnCallConfig())
        try await save(incident, IncidentChange(action: action, agent: agent, at: now, details: details))
        return incident
    }

    /// Sends the next escalation level now (a responder asking for help).
    public func escalateNow(_ id: IncidentID, by agent: Agent) async throws -> Incident {
        guard let config else { throw IncidentRequestError.invalid("no oncall section is configured: nothing to escalate to") }
        var step: EscalationStep?
        let incident = try await update(id, action: "incident.escalate_now", by: agent) { incident, now, _ in
            step = incident.escalateNow(by: agent, at: now, engine: EscalationEngine(config: config))
            if step == nil { throw IncidentRequestError.invalid("incident \(id) has no further escalation level") }
        }
        if let step { await page(step, incident: incident, now: clock.now()) }
        return incident
    }

    /// Runs action `name`, which waits for approval on incident `id`, approved by `user`.
    public func approveAction(_ id: IncidentID, name: String, by user: UserID) async throws -> Incident {
        guard let incident = incidents[id] else { throw IncidentRequestError.notFound(id) }
        guard incident.actionsAwaitingApproval.contains(name), let action = config?.action(named: name) else {
            throw IncidentRequestError.conflict("action \(quoteGoString(name)) is not awaiting approval on incident \(id)")
        }
        return try await run(action, on: id, by: .user(user))
    }

    // MARK: - Internals

    /// Starts the actions that apply to a new incident: runs them, or records that they wait for approval.
    private func startActions(_ id: IncidentID, rule: String?) async {
        guard let config, let incident = incidents[id] else { return }
        for action in config.actions where action.applies(rule: rule, severity: incident.severity) {
            if action.requiresApproval {
                guard var current = incidents[id] else { return }
                let now = clock.now()
                current.awaitApproval(ofAction: action.name, at: now)
                await commit(current, IncidentChange(action: "incident.action_pending", agent: .system("actions"), at: now,
                                                     details: ["action": action.name]))
            } else {
                _ = try? await run(action, on: id, by: .system("actions"))
            }
        }
    }

    /// Calls the action's endpoint and records the result on the timeline and in the ledger.
    private func run(_ action: IncidentAction, on id: IncidentID, by agent: Agent) async throws -> Incident {
        guard let before = incidents[id] else { throw IncidentRequestError.notFound(id) }
        let result = await actions.run(action, for: before)
        guard var incident = incidents[id] else { throw IncidentRequestError.notFound(id) }
        let now = clock.now()
        incident.recordAction(action.name, succeeded: result.succeeded, detail: result.detail, by: agent, at: now)
        try await save(incident, IncidentChange(action: "incident.action", agent: agent, at: now,
                                                details: ["action": action.name, "succeeded": "\(result.succeeded)", "detail": result.detail]))
        if !result.succeeded {
            logger.warning("incident action failed", metadata: ["incident": "\(id)", "action": "\(action.name)", "detail": "\(result.detail)"])
        }
        return incident
    }

    /// Saves, then installs in memory; false (and logged) when the store refused it.
    @discardableResult
    private func commit(_ incident: Incident, _ change: IncidentChange) async -> Bool {
        do {
            try await save(incident, change)
            return true
        } catch {
            logger.error("cannot save incident", metadata: ["incident": "\(incident.id)", "error": "\(error)"])
            return false
        }
    }

    private func save(_ incident: Incident, _ change: IncidentChange) async throws {
        try await store.save(incident, change: change)
        if incidents[incident.id] == nil { order.append(incident.id) }
        incidents[incident.id] = incident
    }

    /// Tells the severity policy's `notify` receivers that an incident opened.
    private func notifyOpened(_ incident: Incident, now: Date) async {
        guard let policy = config?.severityPolicy(for: incident.severity) else { return }
        for receiver in policy.notify {
            await send(to: receiver, incident: incident, extra: ["oncall_event": "opened"], key: "opened", now: now)
        }
    }

    /// Delivers one escalation step: its receivers, and each paged user through their receiver.
    private func page(_ step: EscalationStep, incident: Incident, now: Date) async {
        let level = ["escalation_level": "\(step.id.level + 1)", "oncall_event": "page"]
        for receiver in step.receivers {
            await send(to: receiver, incident: incident, extra: level, key: "\(step.id)", now: now)
        }
        for userID in step.users {
            let user = config?.user(userID)
            guard let receiver = user?.receiver ?? config?.pagingReceiver else {
                logger.warning("paged user has no receiver; page recorded only", metadata: [
                    "incident": "\(incident.id)", "user": "\(userID)"])
                continue
            }
            var labels = level
            labels["oncall_user"] = userID.rawValue
            if let name = user?.name { labels["oncall_user_name"] = name }
            if let email = user?.email { labels["oncall_user_email"] = email }
            if let slack = user?.slack { labels["oncall_user_slack"] = slack }
            if let key = user?.pagerduty { labels["oncall_user_pagerduty"] = key }
            await send(to: receiver, incident: incident, extra: labels, key: "\(step.id)/\(userID)", now: now)
        }
    }

    private func send(to receiver: String, incident: Incident, extra: [String: String], key: String, now: Date) async {
        var groupLabels = extra
        groupLabels["incident"] = incident.id.rawValue
        groupLabels["severity"] = incident.severity.rawValue
        groupLabels["incident_title"] = incident.title
        var alerts = incident.alerts.filter(\.isFiring).map { related in
            Alert(labels: related.labels.setting("incident", to: incident.id.rawValue),
                  annotations: Labels(["summary": incident.title]), startsAt: related.firedAt,
                  endsAt: now.addingTimeInterval(3600), updatedAt: now)
        }
        if alerts.isEmpty {
            alerts = [Alert(labels: Labels(["alertname": "Incident", "incident": incident.id.rawValue, "severity": incident.severity.rawValue]),
                            annotations: Labels(["summary": incident.title, "description": incident.summary]),
                            startsAt: incident.openedAt, endsAt: now.addingTimeInterval(3600), updatedAt: now)]
        }
        do {
            _ = try await system.pipeline.page(receiver: receiver, groupKey: "incident/\(incident.id)/\(key)/\(receiver)",
                                               groupLabels: Labels(groupLabels), alerts: alerts, now: now)
        } catch {
            logger.error("cannot queue page", metadata: ["incident": "\(incident.id)", "receiver": "\(receiver)", "error": "\(error)"])
        }
    }
}

/// A request about incidents that cannot be carried out.
public enum IncidentRequestError: Error, Sendable, CustomStringConvertible {
    case notFound(IncidentID)
    case invalid(String)
    /// The incident's state does not allow the request.
    case conflict(String)

    public var description: String {
        switch self {
        case .notFound(let id): "incident \(quoteGoString(id.rawValue)) not found"
        case .invalid(let message), .conflict(let message): message
        }
    }
}
