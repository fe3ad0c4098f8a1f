import PromQL
import VigilConfig
import VigilCore

/// `promql`: which Prometheus's semantics the engine reproduces, and its lookback window.
public struct PromQLConfig: Sendable, Hashable, Codable {
    public var compatibility: PromQLCompatibility = .prometheus3
    public var lookbackDelta = PromDuration.minutes(5)

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case compatibility, lookbackDelta = "lookback_delta" }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "promql")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .compatibility, default: "prometheus3")
        guard let value = PromQLCompatibility(rawValue: text) else {
            throw c.invalid(.compatibility, "unknown compatibility \(quoteGoString(text)) (prometheus3 or prometheus2)")
        }
        compatibility = value
        lookbackDelta = try c.decode(PromDuration.self, forKey: .lookbackDelta, default: .minutes(5))
        if lookbackDelta.milliseconds <= 0 { throw c.invalid(.lookbackDelta, "lookback_delta must be positive") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(compatibility.rawValue, forKey: .compatibility)
        try c.encode(lookbackDelta, forKey: .lookbackDelta)
    }

    /// Engine options for this config, with `override` (the `--promql-compat` flag) winning.
    public func engineOptions(override: PromQLCompatibility? = nil) -> EngineOptions {
        EngineOptions(compatibility: override ?? compatibility, lookbackDelta: lookbackDelta.milliseconds)
    }
}
