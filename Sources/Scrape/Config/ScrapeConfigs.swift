import VigilConfig
import VigilCore

/// The `scrape_configs` list: every job, with names checked for uniqueness.
public struct ScrapeConfigs: Sendable, Hashable, Decodable {
    public var jobs: [ScrapeConfig]

    public init(_ jobs: [ScrapeConfig]) { self.jobs = jobs }

    public init(from decoder: any Decoder) throws {
        let entries = try decoder.singleValueContainer().decode([ScrapeConfig?].self)
        if let index = entries.firstIndex(where: { $0 == nil }) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath + [AnyCodingKey.index(index)], debugDescription: "empty or null scrape config section"))
        }
        let jobs = entries.compactMap { $0 }
        var problems = SemanticErrors()
        var seen: Set<String> = []
        for (index, job) in jobs.enumerated() where !seen.insert(job.jobName).inserted {
            problems.add(decoder.codingPath + [AnyCodingKey.index(index), AnyCodingKey("job_name")],
                         "found multiple scrape configs with job name \(quoteGoString(job.jobName))")
        }
        try problems.throwIfAny()
        self.jobs = jobs
    }

    /// The job named `name`.
    public func job(named name: String) -> ScrapeConfig? { jobs.first { $0.jobName == name } }
}
