import Alerting
import Foundation
import Hummingbird
import NIOFoundationCompat
import Metrics
import VigilCore

/// `/api/v2/alerts` and `/api/v2/alerts/groups`, as Alertmanager 0.25 serves them.
struct AlertsAPI: Sendable {
    let system: AlertingSystem
    let resolveTimeout: @Sendable () -> PromDuration

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.post("api/v2/alerts", use: post)
        router.get("api/v2/alerts", use: list)
        router.get("api/v2/alerts/groups", use: groups)
    }

    @Sendable func post(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let body = try await request.collectBody(upTo: BodyLimit(bytes: context.maxUploadSize))
        let postable: [PostableAlert]
        do {
            postable = try body.withUnsafeReadableBytes { raw in
                try PostableAlertsDecoder.decode(raw.bindMemory(to: UInt8.self))
            }
        } catch let error as JSONScanner.Failure {
            Counter(label: "vigil_alerts_invalid_total").increment()
            throw AlertmanagerAPIError.badRequest(error.message)
        }
        let now = system.clock.now()
        let timeout = resolveTimeout()
        var alerts: [Alert] = []
        alerts.reserveCapacity(postable.count)
        var problems: [String] = []
        for (index, item) in postable.enumerated() {
            do {
                alerts.append(try Self.alert(from: item, now: now, resolveTimeout: timeout))
            } catch {
                problems.append("alert \(index): \(error.message)")
            }
        }
        // Unlike Alertmanager, a batch with an invalid alert is refused whole: nothing is stored.
        guard problems.isEmpty else {
            Counter(label: "vigil_alerts_invalid_total").increment(by: problems.count)
            throw AlertmanagerAPIError.badRequest(problems.joined(separator: "; "))
        }
        let firing = alerts.filter { !$0.isResolved(at: now) }.count
        Counter(label: "vigil_alerts_received_total", dimensions: [("status", "firing")]).increment(by: firing)
        Counter(label: "vigil_alerts_received_total", dimensions: [("status", "resolved")]).increment(by: alerts.count - firing)
        await system.dispatcher.put(alerts)
        return Response(status: .ok)
    }

    struct InvalidAlert: Error { var message: String }

    /// Alertmanager's defaults and checks for a posted alert.
    static func alert(from item: PostableAlert, now: Date, resolveTimeout: PromDuration) throws(InvalidAlert) -> Alert {
        func time(_ text: String?, _ field: String) throws(InvalidAlert) -> Date? {
            guard let text, !text.isEmpty else { return nil }
            guard let date = GoTime.parse(text) else { throw InvalidAlert(message: "\(field): invalid time \(quoteGoString(text))") }
            return date == GoTime.zero ? nil : date
        }
        let labels = try validated(item.labels, what: "label")
        let annotations = try validated(item.annotations ?? [:], what: "annotation")
        if labels.isEmpty { throw InvalidAlert(message: "at least one label pair required") }
        var startsAt = try time(item.startsAt, "startsAt")
        var endsAt = try time(item.endsAt, "endsAt")
        var timeout = false
        if startsAt == nil { startsAt = endsAt ?? now }
        if endsAt == nil {
            timeout = true
            endsAt = now.addingTimeInterval(resolveTimeout.seconds)
        }
        guard let start = startsAt, let end = endsAt else { throw InvalidAlert(message: "start time missing") }
        if end < start { throw InvalidAlert(message: "start time must be before end time") }
        return Alert(labels: labels, annotations: annotations, startsAt: start, endsAt: end,
                     generatorURL: item.generatorURL ?? "", updatedAt: now, timeout: timeout)
    }

    private static func validated(_ pairs: [String: String], what: String) throws(InvalidAlert) -> Labels {
        var list: [Label] = []
        for (name, value) in pairs where !value.isEmpty {
            if !LabelName.isValid(name) { throw InvalidAlert(message: "invalid \(what) name \(quoteGoString(name))") }
            list.append(Label(name, value))
        }
        return Labels(list)
    }

    @Sendable func list(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let filter = try AlertFilter(request.uri.queryParameters)
        let now = system.clock.now()
        let silences = await system.silences.activeSnapshot(at: now)
        let entries = await system.dispatcher.activeAlerts(now: now)
        var out: [GettableAlert] = []
        for entry in entries {
            guard let gettable = filter.apply(entry.alert, receivers: entry.receivers, inhibitedBy: entry.inhibitedBy,
                                              silences: silences, now: now) else { continue }
            out.append(gettable)
        }
        out.sort { $0.fingerprint < $1.fingerprint }
        return try jsonResponse(out)
    }

    @Sendable func groups(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let filter = try AlertFilter(request.uri.queryParameters)
        let now = system.clock.now()
        let silences = await system.silences.activeSnapshot(at: now)
        let entries = await system.dispatcher.activeAlerts(now: now)
        var byFingerprint: [Fingerprint: (receivers: [String], inhibitedBy: [Fingerprint])] = [:]
        for entry in entries { byFingerprint[entry.alert.fingerprint] = (entry.receivers, entry.inhibitedBy) }
        var out: [(Labels, String, WireAlertGroup)] = []
        for group in await system.dispatcher.groupSnapshot() {
            if let receiverRegex = filter.receiver, !receiverRegex.matches(group.options.receiver) { continue }
            let alerts = group.alerts.values.sorted(by: Alert.notificationOrder).compactMap { alert -> GettableAlert? in
                guard let known = byFingerprint[alert.fingerprint] else { return nil }
                return filter.apply(alert, receivers: known.receivers, inhibitedBy: known.inhibitedBy, silences: silences,
                                    now: now, checkReceiver: false)
            }
            if alerts.isEmpty { continue }
            out.append((group.labels, group.options.receiver,
                        WireAlertGroup(labels: group.labels, receiver: WireReceiver(name: group.options.receiver), alerts: alerts)))
        }
        out.sort { a, b in a.0 != b.0 ? a.0.isBefore(b.0) : a.1 < b.1 }
        return try jsonResponse(out.map(\.2))
    }
}
