import VigilConfig
import VigilCore

/// `oncall.escalation_policies[]`: an ordered ladder that pages level after level until someone
/// acknowledges, then, with `repeat`, runs the whole ladder again.
///
/// ```yaml
/// - name: divan
///   levels:
///   - {after: 0m,  schedules: [backend-primary]}
///   - {after: 15m, schedules: [backend-backup]}
///   - {after: 30m, users: [security-lead], schedules: [infrastructure]}
///   repeat: 2              # run the ladder twice more
///   repeat_after: 1h       # each run starts this long after the previous one
/// ```
public struct EscalationPolicy: Sendable, Hashable, Decodable {
    public var name: String
    public var levels: [EscalationLevel]
    /// How many more times the ladder runs after the first time.
    public var repeatCount: Int
    /// Length of one run of the ladder; required when `repeatCount > 0`.
    public var repeatAfter: PromDuration?

    public init(name: String, levels: [EscalationLevel], repeatCount: Int = 0, repeatAfter: PromDuration? = nil) {
        self.name = name
        self.levels = levels
        self.repeatCount = repeatCount
        self.repeatAfter = repeatAfter
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, description, levels, `repeat`, repeatAfter = "repeat_after" }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "escalation policy")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        _ = try c.decodeIfPresent(String.self, forKey: .description)
        levels = try c.decode([EscalationLevel].self, forKey: .levels, default: [])
        if levels.isEmpty { throw c.invalid(.levels, "escalation policy \(quoteGoString(name)) has no levels") }
        for index in levels.indices.dropFirst() where levels[index].after < levels[index - 1].after {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: c.codingPath + [CodingKeys.levels, AnyCodingKey.index(index), AnyCodingKey("after")],
                debugDescription: "levels must be in order of after: \(levels[index].after) is before the previous level's \(levels[index - 1].after)"))
        }
        repeatCount = try c.decode(Int.self, forKey: .repeat, default: 0)
        if repeatCount < 0 { throw c.invalid(.repeat, "repeat must not be negative") }
        repeatAfter = try c.decodeIfPresent(PromDuration.self, forKey: .repeatAfter)
        if repeatCount > 0 {
            guard let repeatAfter else { throw c.invalid(.repeat, "repeat needs repeat_after, the length of one run of the ladder") }
            if let last = levels.last, repeatAfter <= last.after {
                throw c.invalid(.repeatAfter, "repeat_after \(repeatAfter) must be longer than the last level's after \(last.after)")
            }
        }
    }
}
