import VigilConfig
import VigilCore

/// The `probe_configs` list: every probe job, with names checked for uniqueness among themselves
/// (`VigilConfiguration` checks them against `scrape_configs`).
public struct ProbeConfigs: Sendable, Hashable, Decodable {
    public var probes: [ProbeConfig]

    public init(_ probes: [ProbeConfig]) { self.probes = probes }

    public init(from decoder: any Decoder) throws {
        let entries = try decoder.singleValueContainer().decode([ProbeConfig?].self)
        if let index = entries.firstIndex(where: { $0 == nil }) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath + [AnyCodingKey.index(index)], debugDescription: "empty or null probe config section"))
        }
        let probes = entries.compactMap { $0 }
        var problems = SemanticErrors()
        var seen: Set<String> = []
        for (index, probe) in probes.enumerated() where !seen.insert(probe.jobName).inserted {
            problems.add(decoder.codingPath + [AnyCodingKey.index(index), AnyCodingKey("job_name")],
                         "found multiple probe configs with job name \(quoteGoString(probe.jobName))")
        }
        try problems.throwIfAny()
        self.probes = probes
    }
}
