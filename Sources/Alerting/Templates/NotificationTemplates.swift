import Foundation
import Templating
import VigilConfig
import VigilCore

/// Renders notification fields with the default templates and the config's `templates` files,
/// as Alertmanager's `template.Template` does (`ExecuteTextString` over the group's `Data`).
public struct NotificationTemplates: TemplateRenderer {
    private let set: TemplateSet

    /// Parses the default templates, then every file matched by `globs` (relative paths are
    /// taken from `baseDirectory`, the config file's folder). A later `define` overrides an
    /// earlier one, so a team can replace a default.
    public init(globs: [String], baseDirectory: String?, clock: any VigilCore.Clock) throws {
        var set = TemplateSet(functions: FunctionTable.builtins.merging(.alertmanager(clock: clock)))
        do {
            try set.parse(DefaultTemplates.text, name: "default.tmpl")
        } catch {
            preconditionFailure("BUG: the default templates do not parse: \(error)")
        }
        for path in FileGlob.expand(globs, baseDirectory: baseDirectory) {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw TemplateLoadError(message: "\(path): cannot read template file: \(error.localizedDescription)")
            }
            do { try set.parse(text, name: (path as NSString).lastPathComponent) } catch {
                throw TemplateLoadError(message: "\(path): \(error)")
            }
        }
        self.set = set
    }

    public func render(_ template: String, data: NotificationData) throws -> String {
        try set.render(template, data: NotificationTemplates.value(of: data))
    }

    /// Executes a named template, e.g. `email.default.subject`.
    public func execute(_ name: String, data: NotificationData) throws -> String {
        try set.execute(name, data: NotificationTemplates.value(of: data))
    }

    static func value(of data: NotificationData) -> TemplateValue {
        AlertmanagerTemplateData(
            receiver: data.receiver, status: data.status.rawValue,
            alerts: data.alerts.map { alert in
                AlertmanagerTemplateAlert(status: alert.status.rawValue, labels: alert.labels.dictionary,
                                          annotations: alert.annotations.dictionary, startsAt: alert.startsAt,
                                          endsAt: alert.endsAt ?? GoTime.zero, generatorURL: alert.generatorURL,
                                          fingerprint: alert.fingerprint.description)
            },
            groupLabels: data.groupLabels.dictionary, commonLabels: data.commonLabels.dictionary,
            commonAnnotations: data.commonAnnotations.dictionary, externalURL: data.externalURL
        ).templateValue(types: .v0_25)
    }
}

/// A `templates` file that cannot be read or parsed.
public struct TemplateLoadError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
