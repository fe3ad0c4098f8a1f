import Alerting
import Foundation
import Hummingbird
import VigilCore

/// The query parameters of `GET /api/v2/alerts`: `filter` matchers (repeatable), `active`,
/// `silenced`, `inhibited`, `unprocessed` (all default true) and a `receiver` regex.
struct AlertFilter {
    var matchers: [LabelMatcher] = []
    var active = true
    var silenced = true
    var inhibited = true
    var receiver: LabelRegex?

    init(_ parameters: Parameters) throws {
        for text in parameters.getAll("filter") {
            do {
                matchers += try MatcherParser.parse(String(text))
            } catch {
                throw AlertmanagerAPIError.badRequest("bad matcher format: \(text): \(error.message)")
            }
        }
        func flag(_ name: String) throws -> Bool {
            guard let text = parameters.get(name) else { return true }
            switch text {
            case "true": return true
            case "false": return false
            default: throw AlertmanagerAPIError.badRequest("\(name): invalid boolean \(quoteGoString(text))")
            }
        }
        active = try flag("active")
        silenced = try flag("silenced")
        inhibited = try flag("inhibited")
        _ = try flag("unprocessed")
        if let text = parameters.get("receiver") {
            do { receiver = try LabelRegex(text) } catch {
                throw AlertmanagerAPIError.badRequest("failed to parse receiver param: \(error)")
            }
        }
    }

    /// The alert's API form, or nil when the filter excludes it.
    func apply(_ alert: Alert, receivers: [String], inhibitedBy: [Fingerprint], silences: [Silence], now: Date,
               checkReceiver: Bool = true) -> GettableAlert? {
        if checkReceiver, let receiver, !receivers.contains(where: receiver.matches) { return nil }
        guard matchers.matches(alert.labels) else { return nil }
        let silencedBy = silences.filter { $0.matchers.matches(alert.labels) }.map(\.id).sorted()
        let inhibitors = inhibitedBy.map(\.description)
        let state: AlertState = silencedBy.isEmpty && inhibitors.isEmpty ? .active : .suppressed
        if !active, state == .active { return nil }
        if !silenced, !silencedBy.isEmpty { return nil }
        if !inhibited, !inhibitors.isEmpty { return nil }
        return GettableAlert(
            annotations: alert.annotations, receivers: receivers.map(WireReceiver.init(name:)),
            fingerprint: alert.fingerprint.description, startsAt: GoTime.format(alert.startsAt),
            updatedAt: GoTime.format(alert.updatedAt), endsAt: GoTime.format(alert.endsAt),
            status: WireAlertStatus(state: state.rawValue, silencedBy: silencedBy, inhibitedBy: inhibitors),
            labels: alert.labels, generatorURL: alert.generatorURL.isEmpty ? nil : alert.generatorURL)
    }
}
