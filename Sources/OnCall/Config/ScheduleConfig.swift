import Foundation
import VigilConfig
import VigilCore

/// `oncall.schedules[]`: who is on call when, in one time zone. Layers are listed lowest first;
/// where several cover an instant, the one listed last wins. Overrides beat every layer.
public struct ScheduleConfig: Sendable, Hashable, Decodable {
    public var name: String
    public var timeZone: TimeZone
    public var layers: [RotationLayer]
    public var overrides: [ScheduleOverride]

    public init(name: String, timeZone: TimeZone, layers: [RotationLayer], overrides: [ScheduleOverride] = []) {
        self.name = name
        self.timeZone = timeZone
        self.layers = layers
        self.overrides = overrides
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, timeZone = "time_zone", layers, overrides }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "schedule")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        guard let zone = try c.decodeTimeZone(forKey: .timeZone) else { throw c.invalid(.timeZone, "missing required field \"time_zone\"") }
        timeZone = zone
        layers = try c.decode([RotationLayer].self, forKey: .layers, default: [])
        for index in layers.indices where layers[index].name.isEmpty { layers[index].name = "layer \(index + 1)" }
        overrides = try c.decode([ScheduleOverrideText].self, forKey: .overrides, default: []).map { text in
            ScheduleOverride(user: text.user, start: text.start.instant(in: zone), end: text.end.instant(in: zone))
        }
    }
}
