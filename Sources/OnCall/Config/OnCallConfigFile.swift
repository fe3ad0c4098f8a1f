import VigilConfig
import VigilCore

/// A file holding only an `oncall:` section (the examples under `examples/oncall/`); the same
/// section sits in Vigil's main config file.
public struct OnCallConfigFile: Sendable, Decodable {
    public var oncall: OnCallConfig

    enum CodingKeys: String, CodingKey, CaseIterable { case oncall }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        oncall = try c.decode(OnCallConfig.self, forKey: .oncall, default: OnCallConfig())
    }

    /// Parses `text`; errors name `file:line:col`.
    public static func parse(_ text: String, file: String?, knownReceivers: Set<String>? = nil) throws(ConfigErrors) -> OnCallConfig {
        var info: [CodingUserInfoKey: any Sendable] = [:]
        if let knownReceivers { info[OnCallConfig.knownReceiversKey] = knownReceivers }
        return try YAMLLoader(file: file).decode(OnCallConfigFile.self, from: text, userInfo: info).oncall
    }
}
