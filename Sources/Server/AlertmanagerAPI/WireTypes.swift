import Alerting
import Foundation
import VigilCore

// Alertmanager API v2 JSON shapes (`openapi.yaml` of Alertmanager 0.25). Times are strings in
// Go's RFC 3339 form; the domain types stay apart from these.

struct PostableAlert {
    var labels: [String: String]
    var annotations: [String: String]?
    var startsAt: String?
    var endsAt: String?
    var generatorURL: String?
}

struct WireReceiver: Codable { var name: String }

struct WireAlertStatus: Encodable {
    var state: String
    var silencedBy: [String]
    var inhibitedBy: [String]
}

struct GettableAlert: Encodable {
    var annotations: Labels
    var receivers: [WireReceiver]
    var fingerprint: String
    var startsAt: String
    var updatedAt: String
    var endsAt: String
    var status: WireAlertStatus
    var labels: Labels
    var generatorURL: String?
}

struct WireAlertGroup: Encodable {
    var labels: Labels
    var receiver: WireReceiver
    var alerts: [GettableAlert]
}

struct WireMatcher: Codable {
    var name: String
    var value: String
    var isRegex: Bool
    var isEqual: Bool?
}

struct PostableSilence: Decodable {
    var id: String?
    var matchers: [WireMatcher]
    var startsAt: String
    var endsAt: String
    var createdBy: String
    var comment: String
}

struct GettableSilence: Encodable {
    struct Status: Encodable { var state: String }
    var id: String
    var status: Status
    var updatedAt: String
    var matchers: [WireMatcher]
    var startsAt: String
    var endsAt: String
    var createdBy: String
    var comment: String

    init(_ silence: Silence, now: Date) {
        id = silence.id
        status = Status(state: silence.state(at: now).rawValue)
        updatedAt = GoTime.format(silence.updatedAt)
        matchers = silence.matchers.map {
            WireMatcher(name: $0.name, value: $0.value, isRegex: $0.type.isRegex, isEqual: !$0.type.isNegative)
        }
        startsAt = GoTime.format(silence.startsAt)
        endsAt = GoTime.format(silence.endsAt)
        createdBy = silence.createdBy
        comment = silence.comment
    }
}

struct SilenceCreated: Encodable { var silenceID: String }

struct WireStatus: Encodable {
    struct Cluster: Encodable { var status: String; var peers: [String] }
    struct VersionInfo: Encodable {
        var version: String, revision: String, branch: String, buildUser: String, buildDate: String, goVersion: String
    }
    struct Config: Encodable { var original: String }
    var cluster: Cluster
    var versionInfo: VersionInfo
    var config: Config
    var uptime: String
}
