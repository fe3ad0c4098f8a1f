import Alerting
import Governance
import Foundation
import Hummingbird
import NIOFoundationCompat
import VigilCore

/// `/api/v2/silences` and `/api/v2/silence/{id}`. Every rule about silences lives in
/// `SilenceStore`; this only translates.
struct SilencesAPI: Sendable {
    let silences: SilenceStore
    let clock: any VigilCore.Clock

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("api/v2/silences", use: list)
        router.post("api/v2/silences", use: create)
        router.get("api/v2/silence/{id}", use: get)
        router.delete("api/v2/silence/{id}", use: expire)
    }

    @Sendable func list(_ request: Request, context: VigilRequestContext) async throws -> Response {
        var filters: [LabelMatcher] = []
        for text in request.uri.queryParameters.getAll("filter") {
            do { filters += try MatcherParser.parse(String(text)) } catch {
                throw AlertmanagerAPIError.badRequest("bad matcher format: \(text): \(error.message)")
            }
        }
        let now = clock.now()
        let all = await silences.list().filter { silence in
            // A filter selects silences having a matcher equal to it, as Alertmanager's `CheckFilters`.
            filters.allSatisfy { filter in silence.matchers.contains { $0.name == filter.name && filter.matches($0.value) } }
        }
        // Active first, then pending, then expired; within each, as Alertmanager sorts them.
        let order: [Silence.State: Int] = [.active: 0, .pending: 1, .expired: 2]
        let sorted = all.sorted { a, b in
            let sa = a.state(at: now), sb = b.state(at: now)
            if sa != sb { return order[sa, default: 3] < order[sb, default: 3] }
            switch sa {
            case .active: return a.endsAt < b.endsAt
            case .pending: return a.startsAt < b.startsAt
            case .expired: return a.endsAt > b.endsAt
            }
        }
        return try jsonResponse(sorted.map { GettableSilence($0, now: now) })
    }

    @Sendable func create(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let body = try await request.collectBody(upTo: BodyLimit(bytes: context.maxUploadSize))
        let postable: PostableSilence
        do {
            postable = try JSONDecoder().decode(PostableSilence.self, from: body)
        } catch {
            throw AlertmanagerAPIError.badRequest(describe(error))
        }
        guard let startsAt = GoTime.parse(postable.startsAt) else {
            throw AlertmanagerAPIError.badRequest("startsAt: invalid time \(quoteGoString(postable.startsAt))")
        }
        guard let endsAt = GoTime.parse(postable.endsAt) else {
            throw AlertmanagerAPIError.badRequest("endsAt: invalid time \(quoteGoString(postable.endsAt))")
        }
        if postable.matchers.isEmpty { throw AlertmanagerAPIError.badRequest("matchers: at least one matcher required") }
        var matchers: [LabelMatcher] = []
        for (index, wire) in postable.matchers.enumerated() {
            let type: MatchType = switch (wire.isRegex, wire.isEqual ?? true) {
            case (false, true): .equal
            case (false, false): .notEqual
            case (true, true): .regexMatch
            case (true, false): .regexNoMatch
            }
            do { matchers.append(try LabelMatcher(type, wire.name, wire.value)) } catch {
                throw AlertmanagerAPIError.badRequest("matchers[\(index)]: \(error)")
            }
        }
        if endsAt < startsAt { throw AlertmanagerAPIError.badRequest("Failed to create silence: start time must be before end time") }
        do {
            let id = try await silences.set(id: postable.id.flatMap { $0.isEmpty ? nil : $0 }, matchers: matchers, startsAt: startsAt,
                                            endsAt: endsAt, createdBy: postable.createdBy, comment: postable.comment,
                                            by: context.principal?.auditActor)
            return try jsonResponse(SilenceCreated(silenceID: id))
        } catch let error as SilenceError {
            throw error.apiError
        }
    }

    @Sendable func get(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        do {
            return try jsonResponse(GettableSilence(try await silences.get(id), now: clock.now()))
        } catch let error as SilenceError {
            throw error.apiError
        }
    }

    @Sendable func expire(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        do {
            try await silences.expire(id, by: context.auditActor(or: "api"))
            return Response(status: .ok)
        } catch let error as SilenceError {
            throw error.apiError
        }
    }
}
