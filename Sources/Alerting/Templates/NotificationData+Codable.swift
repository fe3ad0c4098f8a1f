import Foundation
import VigilCore

/// Encodes as Alertmanager's webhook payload (without `version`, which the webhook adds), so
/// the stored outbox row is exactly what a webhook receiver would get.
extension NotificationData: Codable {
    enum CodingKeys: String, CodingKey {
        case receiver, status, alerts, groupLabels, commonLabels, commonAnnotations, externalURL, groupKey, truncatedAlerts
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        receiver = try c.decode(String.self, forKey: .receiver)
        status = try c.decode(Status.self, forKey: .status)
        alerts = try c.decode([AlertData].self, forKey: .alerts)
        groupLabels = try c.decode(Labels.self, forKey: .groupLabels)
        commonLabels = try c.decode(Labels.self, forKey: .commonLabels)
        commonAnnotations = try c.decode(Labels.self, forKey: .commonAnnotations)
        externalURL = try c.decode(String.self, forKey: .externalURL)
        groupKey = try c.decode(String.self, forKey: .groupKey)
        truncatedAlerts = try c.decodeIfPresent(Int.self, forKey: .truncatedAlerts) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(receiver, forKey: .receiver)
        try c.encode(status, forKey: .status)
        try c.encode(alerts, forKey: .alerts)
        try c.encode(groupLabels, forKey: .groupLabels)
        try c.encode(commonLabels, forKey: .commonLabels)
        try c.encode(commonAnnotations, forKey: .commonAnnotations)
        try c.encode(externalURL, forKey: .externalURL)
        try c.encode(groupKey, forKey: .groupKey)
        try c.encode(truncatedAlerts, forKey: .truncatedAlerts)
    }
}

extension NotificationData.AlertData: Codable {
    enum CodingKeys: String, CodingKey {
        case status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decode(NotificationData.Status.self, forKey: .status)
        labels = try c.decode(Labels.self, forKey: .labels)
        annotations = try c.decode(Labels.self, forKey: .annotations)
        startsAt = try GoTime.parse(c.decode(String.self, forKey: .startsAt), at: c, key: .startsAt)
        let end = try GoTime.parse(c.decode(String.self, forKey: .endsAt), at: c, key: .endsAt)
        endsAt = end == GoTime.zero ? nil : end
        generatorURL = try c.decode(String.self, forKey: .generatorURL)
        fingerprint = try c.decode(Fingerprint.self, forKey: .fingerprint)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encode(labels, forKey: .labels)
        try c.encode(annotations, forKey: .annotations)
        try c.encode(GoTime.format(startsAt), forKey: .startsAt)
        try c.encode(GoTime.format(endsAt ?? GoTime.zero), forKey: .endsAt)
        try c.encode(generatorURL, forKey: .generatorURL)
        try c.encode(fingerprint, forKey: .fingerprint)
    }
}
