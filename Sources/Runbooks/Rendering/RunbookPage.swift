/// The small standalone HTML page a runbook link opens.
enum RunbookPage {
    static func page(for runbook: Runbook, body: String) -> String {
        let front = runbook.frontMatter
        let alerts = front.alerts.isEmpty ? "none" : front.alerts.map { "<code>\($0.htmlEscaped)</code>" }.joined(separator: ", ")
        let heading = runbook.hasTitleHeading ? "" : "<h1>\(runbook.title.htmlEscaped)</h1>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(runbook.title.htmlEscaped)</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
            pre { background: #f4f4f4; padding: .75rem; overflow-x: auto; }
            .runbook-meta { color: #555; }
            .runbook-step { list-style-position: outside; }
            .runbook-template-error { color: #b00020; font-family: monospace; white-space: pre-wrap; }
            </style>
            </head>
            <body>
            <article class="runbook" data-runbook="\(runbook.name.htmlEscaped)">
            \(heading)<p class="runbook-meta">Severity: <strong>\(front.severity.htmlEscaped)</strong> · Owner: \(front.owner.htmlEscaped) · Alerts: \(alerts)</p>
            \(body)
            </article>
            </body>
            </html>

            """
    }
}
