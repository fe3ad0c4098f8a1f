import Ink
import Templating

/// Fills a runbook's `{{ $labels.x }}`, `{{ .Labels.x }}` and `{{ $value }}` placeholders from an
/// alert and renders it to Markdown and HTML.
///
/// Templates are Prometheus's alert templates: the same prelude and functions as annotations,
/// a missing label renders empty, and a template that fails becomes an in-band error text.
///
/// ```swift
/// let renderer = RunbookRenderer()
/// let page = renderer.render(runbook, for: RunbookAlert(labels: ["artifact_name": "api:1.4.2"]),
///                            checked: ["diagnosis-1"]).page
/// ```
public struct RunbookRenderer: Sendable {
    /// The functions templates may call.
    public var functions: FunctionTable

    /// - Parameter context: answers `query` and supplies the external URL to templates; by
    ///   default `query` returns no samples.
    public init(context: PrometheusTemplateContext = PrometheusTemplateContext()) {
        functions = FunctionTable.builtins.merging(.prometheus(context: context))
    }

    /// The runbook filled in for `alert`, with the steps in `checked` shown ticked.
    public func render(_ runbook: Runbook, for alert: RunbookAlert, checked: Set<RunbookStep.ID> = []) -> RenderedRunbook {
        let marked = StepMarker.mark(runbook)
        var markdownBody: String
        var htmlSource: String
        var templateError: String?
        switch expand(marked, runbook: runbook, alert: alert) {
        case .success(let expanded):
            (markdownBody, htmlSource) = expanded
        case .failure(let error):
            // A marker can land inside an action and so in the message: it is not the author's text.
            // Go quotes it as `\ue000…\ue001` in names it cannot find.
            let unquoted = error.description.replacingEvery("\\ue000", with: String(StepMarker.open))
                .replacingEvery("\\ue001", with: String(StepMarker.close))
            let message = StepMarker.replace(in: unquoted, count: 0) { _ in "" }
            templateError = "<error expanding template: \(message)>"
            (markdownBody, htmlSource) = (marked, marked)
        }
        let steps = expandedSteps(markdownBody, runbook: runbook)

        let markdownMarks = StepMarker.replace(in: markdownBody, count: runbook.steps.count) { index in
            let step = runbook.steps[index]
            if checked.contains(step.id) { return "[x] " }
            return step.kind == .checkbox ? "[ ] " : ""
        }
        var markdown = runbook.hasTitleHeading ? "" : "# \(runbook.title)\n\n"
        if let templateError { markdown += templateError + "\n\n" }
        markdown += markdownMarks.trimmingNewlines

        var html = LiteralText.restoreAsEntities(MarkdownParser().html(from: "\n" + htmlSource))
        html = checkboxes(in: html, runbook: runbook, checked: checked)
        if let templateError { html = "<p class=\"runbook-template-error\">\(templateError.htmlEscaped)</p>" + html }
        return RenderedRunbook(
            name: runbook.name, title: runbook.title, markdown: markdown, html: html,
            page: RunbookPage.page(for: runbook, body: html), steps: steps, templateError: templateError)
    }

    /// The body expanded twice from one parse: with the labels as they are (for Markdown) and
    /// with the labels protected for Ink (for HTML).
    private func expand(_ marked: String, runbook: Runbook, alert: RunbookAlert) -> Result<(String, String), TemplateError> {
        // Newlines after the prelude make Go's error lines the file's lines; they are removed after.
        let padding = String(repeating: "\n", count: runbook.bodyStartLine - 1)
        var set = TemplateSet(functions: functions)
        do {
            try set.parse(PrometheusAlertTemplate.prelude + padding + marked, name: runbook.file)
            func run(_ labels: [String: String]) throws(TemplateError) -> String {
                let data = PrometheusAlertTemplate.data(
                    labels: labels, externalLabels: alert.externalLabels, externalURL: alert.externalURL, value: alert.value)
                let text = try set.execute(runbook.file, data: data)
                return text.hasPrefix(padding) ? String(text.dropFirst(padding.count)) : text
            }
            return .success((try run(alert.labels), try run(LiteralText.protect(alert.labels))))
        } catch {
            return .failure(error)
        }
    }

    /// The steps as they read once expanded; a step the template removed keeps its raw text.
    private func expandedSteps(_ markdown: String, runbook: Runbook) -> [RunbookStep] {
        var steps = runbook.steps
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        for item in StepScanner.items(in: lines, markedOnly: StepMarker.open) {
            let text = item.text.dropFirst()
            guard let close = text.firstIndex(of: StepMarker.close), let index = Int(text[..<close]),
                  steps.indices.contains(index) else { continue }
            steps[index].text = String(text[text.index(after: close)...])
            steps[index].commands = item.commands
        }
        return steps
    }

    /// Puts a checkbox where each step's marker landed in Ink's HTML.
    private func checkboxes(in html: String, runbook: Runbook, checked: Set<RunbookStep.ID>) -> String {
        // Ink writes `<li>` then the item text, so a marker right after `<li>` gets the item's attributes.
        let itemOpen = "<li>" + String(StepMarker.open)
        let tagged = html.replacingEvery(itemOpen, with: "<li class=\"runbook-step\">" + String(StepMarker.open))
        return StepMarker.replace(in: tagged, count: runbook.steps.count) { index in
            let id = runbook.steps[index].id.rawValue.htmlEscaped
            let state = checked.contains(runbook.steps[index].id) ? " checked" : ""
            return "<input type=\"checkbox\" name=\"step\" value=\"\(id)\" id=\"step-\(id)\" data-step=\"\(id)\"\(state)> "
        }
    }
}

extension Runbook {
    /// Whether the body has a `# ` heading of its own, so no title heading is added.
    var hasTitleHeading: Bool {
        body.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.hasPrefix("# ") }
    }
}

extension String {
    var trimmingNewlines: String {
        var text = Substring(self)
        while text.first == "\n" { text = text.dropFirst() }
        while text.last == "\n" { text = text.dropLast() }
        return String(text) + "\n"
    }

    func replacingEvery(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
