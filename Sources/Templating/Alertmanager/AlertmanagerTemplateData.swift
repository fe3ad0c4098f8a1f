public import Foundation

/// One alert as Alertmanager's notification templates see it (`template.Alert`).
public struct AlertmanagerTemplateAlert: Sendable, Hashable {
    public var status: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: Date
    public var endsAt: Date
    public var generatorURL: String
    public var fingerprint: String

    public init(
        status: String, labels: [String: String], annotations: [String: String] = [:], startsAt: Date,
        endsAt: Date, generatorURL: String = "", fingerprint: String = ""
    ) {
        self.status = status
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
        self.fingerprint = fingerprint
    }

    /// The value templates range over, typed as `types` (``AlertmanagerTypes/current`` by default).
    public func templateValue(types: AlertmanagerTypes = .current) -> TemplateValue {
        .object(TemplateObject(
            type: types.alert,
            fields: [
                "Status": .string(status), "Labels": types.kv(labels),
                "Annotations": types.kv(annotations), "StartsAt": .time(startsAt),
                "EndsAt": .time(endsAt), "GeneratorURL": .string(generatorURL), "Fingerprint": .string(fingerprint),
            ],
            fieldOrder: ["Status", "Labels", "Annotations", "StartsAt", "EndsAt", "GeneratorURL", "Fingerprint"]))
    }
}

/// The dot of an Alertmanager notification template (`template.Data`). The caller computes
/// `status` and the common labels and annotations, as Alertmanager's `Template.Data` does.
public struct AlertmanagerTemplateData: Sendable, Hashable {
    public var receiver: String
    public var status: String
    public var alerts: [AlertmanagerTemplateAlert]
    public var groupLabels: [String: String]
    public var commonLabels: [String: String]
    public var commonAnnotations: [String: String]
    public var externalURL: String

    public init(
        receiver: String, status: String, alerts: [AlertmanagerTemplateAlert], groupLabels: [String: String],
        commonLabels: [String: String], commonAnnotations: [String: String], externalURL: String
    ) {
        self.receiver = receiver
        self.status = status
        self.alerts = alerts
        self.groupLabels = groupLabels
        self.commonLabels = commonLabels
        self.commonAnnotations = commonAnnotations
        self.externalURL = externalURL
    }

    /// The value to pass to ``TemplateSet/execute(_:data:)``, typed as `types`.
    public func templateValue(types: AlertmanagerTypes = .current) -> TemplateValue {
        .object(TemplateObject(
            type: types.data,
            fields: [
                "Receiver": .string(receiver), "Status": .string(status),
                "Alerts": .list(TemplateList(alerts.map { $0.templateValue(types: types) }, type: types.alerts)),
                "GroupLabels": types.kv(groupLabels), "CommonLabels": types.kv(commonLabels),
                "CommonAnnotations": types.kv(commonAnnotations), "ExternalURL": .string(externalURL),
            ],
            fieldOrder: ["Receiver", "Status", "Alerts", "GroupLabels", "CommonLabels", "CommonAnnotations", "ExternalURL"]))
    }
}
