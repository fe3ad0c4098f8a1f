import Foundation
import Governance
import Hummingbird
import NIOFoundationCompat
import OnCall
import Runbooks
import VigilCore

/// Vigil's incident and on-call API under `/api/vigil/v1`: list, open, show, acknowledge,
/// move, note, escalate, resolve, root cause, follow-ups, post-mortem draft, who is on call.
/// The acting person is the authenticated principal's user name; only with `auth.mode: none`
/// (no principal) is it the `user` field of each change.
struct IncidentsAPI: Sendable {
    let manager: IncidentManager
    let clock: any VigilCore.Clock
    let runbooks: Locked<RunbookLibrary?>
    let externalURL: String

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("api/vigil/v1/incidents", use: list)
        router.post("api/vigil/v1/incidents", use: open)
        router.get("api/vigil/v1/incidents/{id}", use: show)
        router.get("api/vigil/v1/incidents/{id}/postmortem", use: postMortem)
        router.put("api/vigil/v1/incidents/{id}/postmortem", use: editPostMortem)
        router.get("api/vigil/v1/schedules", use: schedules)
        router.get("api/vigil/v1/schedules/{name}/shifts", use: shifts)
        router.post("api/vigil/v1/incidents/{id}/{action}", use: act)
        router.post("api/vigil/v1/incidents/{id}/follow-ups/{index}/done", use: followUpDone)
        router.get("api/vigil/v1/incidents/{id}/runbook", use: runbook)
        router.post("api/vigil/v1/incidents/{id}/runbook/steps/{step}", use: checkStep)
        router.post("api/vigil/v1/incidents/{id}/actions/{name}/approve", use: approveAction)
        router.get("api/vigil/v1/oncall", use: whoIsOnCall)
        router.get("api/vigil/v1/follow-ups", use: followUps)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }

    /// One incident with what is derived from it at `now`: SLA status, overdue follow-ups.
    struct WireIncident: Encodable {
        var incident: Incident
        var sla: SLAReport?
        var overdueFollowUps: [FollowUpTask]
        /// The runbook serving the incident's first alert, and its link.
        var runbook: String?
        var runbookURL: String?
    }

    private func wire(_ incident: Incident) async -> WireIncident {
        let now = clock.now()
        let policy = await manager.config?.severityPolicy(for: incident.severity)
        let runbook = runbookFor(incident)
        return WireIncident(incident: incident, sla: policy?.evaluate(incident, at: now), overdueFollowUps: incident.overdueFollowUps(at: now),
                            runbook: runbook?.name, runbookURL: runbook.map { "\(externalURL)/runbooks/\($0.name)" })
    }

    /// The runbook of the first related alert that has one.
    private func runbookFor(_ incident: Incident) -> Runbook? {
        guard let library = runbooks.value else { return nil }
        for alert in incident.alerts { if let runbook = library.runbook(for: alert.alertname) { return runbook } }
        return nil
    }

    /// Steps of `runbook` checked on the incident's timeline.
    private func checkedSteps(_ incident: Incident, runbook: String) -> Set<RunbookStep.ID> {
        Set(incident.timeline.compactMap { event in
            if case .runbookStepChecked(let name, let step) = event.kind, name == runbook { RunbookStep.ID(rawValue: step) } else { nil }
        })
    }

    @Sendable func runbook(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try incidentID(context)
        guard let incident = await manager.incident(id) else { throw HTTPError(.notFound, message: IncidentRequestError.notFound(id).description) }
        guard let runbook = runbookFor(incident) else { throw HTTPError(.notFound, message: "incident \(id) has no runbook") }
        let labels = incident.alerts.first { $0.alertname == runbook.frontMatter.alerts.first ?? "" }?.labels ?? incident.alerts.first?.labels ?? .empty
        let rendered = RunbookRenderer().render(runbook, for: RunbookAlert(labels: labels.dictionary, externalURL: externalURL),
                                                checked: checkedSteps(incident, runbook: runbook.name))
        if request.uri.queryParameters.get("format") == "markdown" {
            var headers = HTTPFields()
            headers[.contentType] = "text/markdown; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: rendered.markdown)))
        }
        return RunbooksAPI.html(rendered.page)
    }

    @Sendable func checkStep(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try incidentID(context)
        let stepID = RunbookStep.ID(rawValue: try context.parameters.require("step"))
        let (_, user) = try await changeBody(request, context: context)
        guard let incident = await manager.incident(id) else { throw HTTPError(.notFound, message: IncidentRequestError.notFound(id).description) }
        guard let runbook = runbookFor(incident) else { throw HTTPError(.notFound, message: "incident \(id) has no runbook") }
        guard runbook.step(stepID) != nil else {
            throw HTTPError(.notFound, message: "runbook \(runbook.name) has no step \(quoteGoString(stepID.rawValue)) (steps: \(runbook.steps.map(\.id.rawValue).joined(separator: ", ")))")
        }
        return try await perform { try await manager.update(id, action: "incident.runbook_step", by: .user(user),
                                                            details: ["runbook": runbook.name, "step": stepID.rawValue]) { incident, now, _ in
            incident.checkRunbookStep(stepID.rawValue, runbook: runbook.name, by: user, at: now)
        } }
    }

    /// A change request body: who acts (only without auth), and the change's fields.
    struct ChangeBody: Decodable {
        var user: String?
        var text: String?
        var status: String?
        var category: String?
        var analysis: String?
        var title: String?
        var severity: String?
        var summary: String?
    }

    /// The body and who acts: the principal, or with `auth.mode: none` the body's `user`.
    private func changeBody(_ request: Request, context: VigilRequestContext) async throws -> (ChangeBody, UserID) {
        let data = try await request.body.collect(upTo: 1 << 20)
        let body: ChangeBody
        do { body = try JSONDecoder().decode(ChangeBody.self, from: data) } catch {
            throw HTTPError(.badRequest, message: describe(error))
        }
        if let principal = context.principal {
            if let user = body.user, user != principal.user.name {
                throw HTTPError(.badRequest, message: "user: the acting user is the authenticated one (\(quoteGoString(principal.user.name))); omit the field")
            }
            return (body, UserID(principal.user.name))
        }
        guard let user = body.user, !user.isEmpty else { throw HTTPError(.badRequest, message: "user: must not be empty") }
        if let config = await manager.config, !config.users.isEmpty, config.user(UserID(user)) == nil {
            throw HTTPError(.badRequest, message: "user: unknown user \(quoteGoString(user))")
        }
        return (body, UserID(user))
    }

    private func incidentID(_ context: VigilRequestContext) throws -> IncidentID {
        IncidentID(try context.parameters.require("id"))
    }

    /// Runs a manager call, mapping its errors to HTTP statuses: unknown incident 404, a change
    /// the incident's state refuses 409, a bad request 400.
    private func perform(_ body: () async throws -> Incident, status: HTTPResponse.Status = .ok) async throws -> Response {
        do {
            return try Self.json(await wire(try await body()), status: status)
        } catch let error as IncidentRequestError {
            switch error {
            case .notFound: throw HTTPError(.notFound, message: error.description)
            case .invalid: throw HTTPError(.badRequest, message: error.description)
            case .conflict: throw HTTPError(.conflict, message: error.description)
            }
        } catch let error as IncidentError {
            switch error {
            case .unknownRootCause: throw HTTPError(.badRequest, message: error.description)
            case .unknownFollowUp: throw HTTPError(.notFound, message: error.description)
            case .invalidTransition, .closed, .followUpAlreadyDone: throw HTTPError(.conflict, message: error.description)
            }
        }
    }

    @Sendable func list(_ request: Request, context: VigilRequestContext) async throws -> Response {
        var statuses: Set<IncidentStatus>?
        if let text = request.uri.queryParameters.get("status") {
            statuses = []
            for part in text.split(separator: ",") {
                guard let status = IncidentStatus(rawValue: String(part)) else {
                    throw HTTPError(.badRequest, message: "status: unknown status \(quoteGoString(String(part))) (one of \(IncidentStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                statuses?.insert(status)
            }
        }
        var out: [WireIncident] = []
        for incident in await manager.list(statuses: statuses) { out.append(await wire(incident)) }
        return try Self.json(out)
    }

    @Sendable func open(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let (body, user) = try await changeBody(request, context: context)
        guard let title = body.title, let severity = body.severity else {
            throw HTTPError(.badRequest, message: "title and severity are required")
        }
        return try await perform({
            try await manager.open(title: title, severity: Severity(severity), summary: body.summary ?? "", by: user)
        }, status: .created)
    }

    @Sendable func show(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try incidentID(context)
        return try await perform {
            guard let incident = await manager.incident(id) else { throw IncidentRequestError.notFound(id) }
            return incident
        }
    }

    @Sendable func postMortem(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try incidentID(context)
        guard let incident = await manager.incident(id) else { throw HTTPError(.notFound, message: IncidentRequestError.notFound(id).description) }
        let policy = await manager.config?.severityPolicy(for: incident.severity)
        var headers = HTTPFields()
        headers[.contentType] = "text/markdown; charset=utf-8"
        let text = incident.postMortem ?? PostMortemDraft(incident: incident, policy: policy).markdown(at: clock.now())
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Saves an edited post-mortem (the request body, Markdown); `GET …/postmortem` returns it from then on.
    @Sendable func editPostMortem(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try incidentID(context)
        let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw HTTPError(.badRequest, message: "body: the post-mortem must not be empty")
        }
        let agent: Agent
        if let principal = context.principal {
            agent = .user(UserID(principal.user.name))
        } else {
            guard let user = request.uri.queryParameters.get("user"), !user.isEmpty else {
                throw HTTPError(.badRequest, message: "user: give ?user=NAME (auth.mode: none)")
            }
            agent = .user(UserID(user))
        }
        return try await perform { try await manager.update(id, action: "incident.postmortem_edit", by: agent,
                                                            details: ["bytes": "\(text.utf8.count)"]) { incident, _, _ in
            incident.postMortem = text
        } }
    }

    struct WireSchedule: Encodable {
        var name: String
        var timeZone: String
        var layers: [String]
        var onCallNow: String?
    }

    @Sendable func schedules(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let config = await manager.config ?? OnCallConfig()
        let now = clock.now()
        return try Self.json(config.schedules.map {
            WireSchedule(name: $0.name, timeZone: $0.timeZone.identifier, layers: $0.layers.map(\.name), onCallNow: $0.onCall(at: now)?.rawValue)
        })
    }

    /// `GET /api/vigil/v1/schedules/{name}/shifts?from=RFC3339&to=RFC3339` (default: the next 7 days).
    @Sendable func shifts(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let schedule = await manager.config?.schedule(named: name) else {
            throw HTTPError(.notFound, message: "unknown schedule \(quoteGoString(name))")
        }
        func time(_ key: String, _ fallback: Date) throws -> Date {
            guard let text = request.uri.queryParameters.get(key) else { return fallback }
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw HTTPError(.badRequest, message: "\(key): invalid RFC 3339 time \(quoteGoString(text))")
            }
            return date
        }
        let from = try time("from", clock.now())
        let to = try time("to", from.addingTimeInterval(7 * 86_400))
        guard to > from, to.timeIntervalSince(from) <= 366 * 86_400 else {
            throw HTTPError(.badRequest, message: "to: must be after from and at most a year later")
        }
        return try Self.json(schedule.shifts(from: from, to: to))
    }

    @Sendable func act(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try incidentID(context)
        let action = try context.parameters.require("action")
        let (body, user) = try await changeBody(request, context: context)
        switch action {
        case "ack", "acknowledge":
            return try await perform { try await manager.update(id, action: "incident.acknowledge", by: .user(user)) { incident, now, _ in
                try incident.acknowledge(by: user, at: now)
            } }
        case "status":
            guard let text = body.status, let target = IncidentStatus(rawValue: text) else {
                throw HTTPError(.badRequest, message: "status: one of \(IncidentStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return try await perform { try await manager.update(id, action: "incident.status", by: .user(user), details: ["to": text]) { incident, now, config in
                try incident.move(to: target, by: .user(user), at: now, followUpRules: config.followUps)
            } }
        case "resolve":
            return try await perform { try await manager.update(id, action: "incident.resolve", by: .user(user)) { incident, now, config in
                try incident.resolve(by: .user(user), at: now, config: config)
            } }
        case "notes":
            guard let text = body.text, !text.isEmpty else { throw HTTPError(.badRequest, message: "text: a note must not be empty") }
            return try await perform { try await manager.update(id, action: "incident.note", by: .user(user)) { incident, now, _ in
                incident.addNote(text, by: .user(user), at: now)
            } }
        case "escalate":
            return try await perform { try await manager.escalateNow(id, by: .user(user)) }
        case "root-cause":
            guard let category = body.category else { throw HTTPError(.badRequest, message: "category is required") }
            return try await perform { try await manager.update(id, action: "incident.root_cause", by: .user(user), details: ["category": category]) { incident, now, config in
                try incident.setRootCause(RootCauseCategory(rawValue: category), analysis: body.analysis ?? "",
                                          categories: config.rootCauseCategories, by: .user(user), at: now)
            } }
        default:
            throw HTTPError(.notFound, message: "unknown incident action \(quoteGoString(action)) (ack, status, resolve, notes, escalate, root-cause)")
        }
    }

    @Sendable func approveAction(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try incidentID(context)
        let name = try context.parameters.require("name")
        let (_, user) = try await changeBody(request, context: context)
        return try await perform { try await manager.approveAction(id, name: name, by: user) }
    }

    @Sendable func followUpDone(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try incidentID(context)
        guard let index = Int(try context.parameters.require("index")) else { throw HTTPError(.badRequest, message: "index: not a number") }
        let (_, user) = try await changeBody(request, context: context)
        return try await perform { try await manager.update(id, action: "incident.follow_up_done", by: .user(user), details: ["index": "\(index)"]) { incident, now, _ in
            try incident.completeFollowUp(index, by: user, at: now)
        } }
    }

    struct WireOnCall: Encodable {
        var schedule: String
        var at: Date
        var user: String?
        var name: String?
    }

    @Sendable func whoIsOnCall(_ request: Request, context: VigilRequestContext) async throws -> Response {
        guard let config = await manager.config else { return try Self.json([WireOnCall]()) }
        var at = clock.now()
        if let text = request.uri.queryParameters.get("at") {
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw HTTPError(.badRequest, message: "at: invalid RFC 3339 time \(quoteGoString(text))")
            }
            at = date
        }
        var schedules = config.schedules
        if let name = request.uri.queryParameters.get("schedule") {
            guard let schedule = config.schedule(named: name) else { throw HTTPError(.notFound, message: "unknown schedule \(quoteGoString(name))") }
            schedules = [schedule]
        }
        return try Self.json(schedules.map { schedule in
            let user = schedule.onCall(at: at)
            return WireOnCall(schedule: schedule.name, at: at, user: user?.rawValue, name: user.flatMap { config.user($0)?.name })
        })
    }

    struct WireFollowUp: Encodable {
        var incident: String
        var index: Int
        var task: FollowUpTask
        var overdue: Bool
    }

    @Sendable func followUps(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let onlyOverdue = request.uri.queryParameters.get("overdue") == "true"
        let now = clock.now()
        var out: [WireFollowUp] = []
        for incident in await manager.list() {
            for (index, task) in incident.followUps.enumerated() where !task.isDone && (!onlyOverdue || task.isOverdue(at: now)) {
                out.append(WireFollowUp(incident: incident.id.rawValue, index: index, task: task, overdue: task.isOverdue(at: now)))
            }
        }
        return try Self.json(out)
    }
}
