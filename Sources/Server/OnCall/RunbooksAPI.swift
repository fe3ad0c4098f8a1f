import Foundation
import Hummingbird
import Runbooks
import VigilCore

/// Serves the runbooks of `runbooks.directory`: `GET /runbooks` (an index), `GET /runbooks/{name}`
/// (the page; query parameters fill `{{ $labels.x }}`), `GET /api/vigil/v1/runbooks` (JSON).
struct RunbooksAPI: Sendable {
    let library: Locked<RunbookLibrary?>
    let externalURL: String

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("runbooks", use: index)
        router.get("runbooks/{name}", use: page)
        router.get("api/vigil/v1/runbooks", use: list)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func index(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let runbooks = library.value?.runbooks ?? []
        var out = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Runbooks</title></head><body><h1>Runbooks</h1><ul>"
        for runbook in runbooks {
            let alerts = runbook.frontMatter.alerts.map(\.htmlEscaped).joined(separator: ", ")
            out += "<li><a href=\"\(externalURL.htmlEscaped)/runbooks/\(runbook.name.htmlEscaped)\">\(runbook.title.htmlEscaped)</a>"
                + (alerts.isEmpty ? "" : " — \(alerts)") + "</li>"
        }
        return Self.html(out + "</ul></body></html>")
    }

    @Sendable func page(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let runbook = library.value?.runbook(named: name) ?? library.value?.runbook(for: name) else {
            throw HTTPError(.notFound, message: "no runbook \(quoteGoString(name))")
        }
        var labels: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { labels[String(key)] = String(value) }
        let rendered = RunbookRenderer().render(runbook, for: RunbookAlert(labels: labels, externalURL: externalURL))
        return Self.html(rendered.page)
    }

    struct WireRunbook: Encodable {
        var name: String, title: String, alerts: [String], severity: String, owner: String, file: String
        var steps: [WireStep]
    }

    struct WireStep: Encodable {
        var id: String, section: String, text: String, kind: String
    }

    @Sendable func list(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let runbooks = (library.value?.runbooks ?? []).map { runbook in
            WireRunbook(name: runbook.name, title: runbook.title, alerts: runbook.frontMatter.alerts, severity: runbook.frontMatter.severity,
                        owner: runbook.frontMatter.owner, file: runbook.file,
                        steps: runbook.steps.map { WireStep(id: $0.id.rawValue, section: $0.section, text: $0.text, kind: $0.kind.rawValue) })
        }
        return try jsonResponse(runbooks)
    }
}
