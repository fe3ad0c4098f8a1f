import Foundation
import VigilCore

@testable import TSDB

/// A deterministic generator (SplitMix64) so property-style tests replay the same data.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh directory under the system temp dir, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appending(path: "vigil-tsdb-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

func labels(_ pairs: KeyValuePairs<String, String>) -> Labels {
    Labels(pairs.map { Label($0.key, $0.value) })
}

/// Samples of a query result as comparable tuples (value bits, so NaNs compare).
struct Flattened: Equatable, CustomStringConvertible {
    var labels: Labels
    var timestamps: [Int64]
    var bits: [UInt64]
    var description: String { "\(labels) \(timestamps.count) samples" }
}

func flatten(_ result: [SeriesSamples]) -> [Flattened] {
    result.map { Flattened(labels: $0.labels, timestamps: Array($0.timestamps), bits: $0.values.map(\.bitPattern)) }
}

let hour: Int64 = 3_600_000

/// A small, deterministic data set: `metrics` × `instances` series with jittered scrape times.
func randomData(seed: UInt64, series: Int = 40, samples: Int = 50, start: Int64 = 0, step: Int64 = 15_000)
    -> [(Labels, [(Int64, Double)])]
{
    var random = SeededGenerator(seed: seed)
    let names = ["up", "http_requests_total", "cpu_seconds"]
    let jobs = ["api", "db", "web", ""]
    let envs = ["prod", "staging", "", "dev"]
    var out: [(Labels, [(Int64, Double)])] = []
    var seen = Set<Labels>()
    for index in 0..<series {
        var pairs = [Label("__name__", names[Int.random(in: 0..<names.count, using: &random)]),
                     Label("instance", "host-\(index % 13)")]
        pairs.append(Label("job", jobs[Int.random(in: 0..<jobs.count, using: &random)]))
        pairs.append(Label("env", envs[Int.random(in: 0..<envs.count, using: &random)]))
        if Bool.random(using: &random) { pairs.append(Label("zone", "z\(index % 3)")) }
        let set = Labels(pairs)
        guard seen.insert(set).inserted else { continue }
        var time = start + Int64.random(in: 0..<step, using: &random)
        var points: [(Int64, Double)] = []
        for _ in 0..<samples {
            let value: Double = switch Int.random(in: 0..<20, using: &random) {
            case 0: StaleMarker.value
            case 1: .nan
            case 2: .infinity
            default: Double(Int.random(in: -1000...1000, using: &random)) / 8
            }
            points.append((time, value))
            time += step + Int64.random(in: -500...500, using: &random)
        }
        out.append((set, points))
    }
    return out
}
