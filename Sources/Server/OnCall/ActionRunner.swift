import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OnCall
import Templating
import VigilCore

/// Runs an incident action's HTTP call: the body rendered as a Go template over the incident
/// and its first alert, the answer's status kept as the result (2xx is success).
struct ActionRunner: Sendable {
    let externalURL: String

    /// The template data: `.Labels` (first alert), `.Incident.{ID,Title,Severity,Summary}`, `.ExternalURL`.
    func data(for incident: Incident) -> TemplateValue {
        .map(TemplateMap([
            "Labels": .stringMap(incident.alerts.first?.labels.dictionary ?? [:]),
            "Incident": .stringMap(["ID": incident.id.rawValue, "Title": incident.title, "Severity": incident.severity.rawValue,
                                    "Summary": incident.summary]),
            "ExternalURL": .string(externalURL),
        ]))
    }

    /// Calls the action's endpoint; returns whether it answered 2xx and what happened.
    func run(_ action: IncidentAction, for incident: Incident) async -> (succeeded: Bool, detail: String) {
        let body: String
        do {
            body = try TemplateSet().render(action.http.body, data: data(for: incident), name: "action_" + action.name)
        } catch {
            return (false, "body template: \(error.description)")
        }
        var request = HTTPClientRequest(url: action.http.url)
        request.method = HTTPMethod(rawValue: action.http.method)
        for (name, value) in action.http.headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name: name, value: value) }
        request.headers.add(name: "User-Agent", value: "Vigil/\(VigilVersion.version)")
        if !body.isEmpty { request.body = .bytes(ByteBuffer(string: body)) }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(action.http.timeout.milliseconds))
            _ = try? await response.body.collect(upTo: 1 << 20)
            let ok = (200..<300).contains(response.status.code)
            return (ok, "HTTP \(response.status.code) from \(action.http.method) \(action.http.url)")
        } catch {
            return (false, "\(action.http.method) \(action.http.url): \(error)")
        }
    }
}
