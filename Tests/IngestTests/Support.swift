import Foundation
import Ingest
import VigilCore

/// One parsed sample in a comparable form.
struct Row: Hashable, CustomStringConvertible {
    var labels: String
    var timestamp: Int64
    var value: Double

    init(_ labels: String, _ timestamp: Int64, _ value: Double) {
        self.labels = labels
        self.timestamp = timestamp
        self.value = value
    }

    // NaN == NaN here, so rows with NaN values compare.
    static func == (a: Row, b: Row) -> Bool {
        a.labels == b.labels && a.timestamp == b.timestamp && a.value.bitPattern == b.value.bitPattern
    }
    func hash(into hasher: inout Hasher) { hasher.combine(labels); hasher.combine(timestamp); hasher.combine(value.bitPattern) }

    var description: String { "\(labels) \(value) @\(timestamp)" }
}

struct Parsed {
    var rows: [Row]
    var errors: [String]
    var invalidLines: Int
    var unit: TimestampUnit
}

let defaultTS: Int64 = 42_000

func parse(_ body: String, unit: TimestampUnit = .auto) -> Parsed {
    parse(chunks: [Array(body.utf8)], unit: unit)
}

func parse(chunks: [[UInt8]], unit: TimestampUnit = .auto) -> Parsed {
    var parser = ExpositionParser(timestampUnit: unit, defaultTimestamp: defaultTS)
    var batch = SampleBatch()
    var rows: [Row] = []
    func drain() {
        for k in 0..<batch.count { rows.append(Row(batch.labels[k].description, batch.timestamps[k], batch.values[k])) }
        batch.removeAll()
    }
    for chunk in chunks {
        parser.feed(chunk, into: &batch)
        drain()
    }
    parser.finish(into: &batch)
    drain()
    return Parsed(rows: rows, errors: parser.errors.map(\.description), invalidLines: parser.invalidLines, unit: parser.timestampUnit)
}

func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appending(path: "vigil-ingest-\(UUID().uuidString)").path
}
