import ArgumentParser
import Foundation
import Ingest
import TSDB

#if canImport(Glibc)
import Glibc
#endif

/// `vigil bench-head-memory`: hidden; ingests N series × `--hours` at 15 s through remote write's
/// decoder, series-ref cache and importer (what `POST /api/v1/write` runs, minus HTTP and snappy),
/// in peer-bench's order (10,000-sample requests, one sample per `TimeSeries`, series in order),
/// and prints RSS and the heap in use and free per series (`malloc_info`), the head's chunk bytes
/// per series, `malloc_stats` per arena (stderr), and RSS again after `malloc_trim`
/// (docs/BENCHMARKS.md). Never run it on a real data directory.
struct BenchHeadMemory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-head-memory", abstract: "Benchmark only: head memory per series.", shouldDisplay: false)

    @Option(name: .long, help: "Series.")
    var series = 100_000

    @Option(name: .long, help: "Hours of samples at 15 s.")
    var hours = 1.0

    @Option(name: .long, help: "Samples per request.")
    var batch = 10_000

    @Option(name: .long, help: "Data directory (created; must not hold a real database).")
    var dataDir: String

    func run() throws {
        let db = try TimeSeriesDB.open(directory: dataDir)
        let families = BenchSeriesFamilies(count: series)
        let steps = Int(hours * 240)
        let start = (Int64(Date().timeIntervalSince1970) * 1000 / 15_000) * 15_000 - Int64(steps) * 15_000 + 1_800_000
        let cache = SeriesRefCache()
        let idle = HeapFigures.now()
        print("idle: " + idle.description)
        var values = [Double](repeating: 0, count: families.labels.count)
        var random: UInt64 = 42
        var message: [UInt8] = []
        for step in 0..<steps {
            let timestamp = start + Int64(step) * 15_000
            var first = 0
            while first < families.labels.count {
                let end = min(first + batch, families.labels.count)
                message.removeAll(keepingCapacity: true)
                for index in first..<end {
                    random ^= random << 13; random ^= random >> 7; random ^= random << 17
                    values[index] += Double(random % 8)
                    BenchWriteRequest.appendSeries(families.labels[index], value: values[index], timestamp: timestamp, to: &message)
                }
                let request = try message.withUnsafeBytes { try RemoteWriteDecoder.decode($0, cache: cache) }
                let summary = try RemoteWriteImporter.store(request, into: db, cache: cache)
                if summary.accepted != end - first { throw ValidationError("step \(step): \(summary.report)") }
                first = end
            }
            if step == 0 { print("after step 0: " + HeapFigures.now().perSeries(since: idle, series).description) }
        }
        let loaded = HeapFigures.now()
        print("after \(steps) steps: " + loaded.perSeries(since: idle, series).description)
        let stats = db.stats()
        print("head: \(stats.headSeries) series, chunk bytes \(stats.headChunkBytes / max(1, stats.headSeries)) per series; cache \(cache.count) spellings")
        GlibcMalloc.stats()
        GlibcMalloc.trim()
        print("after malloc_trim: " + HeapFigures.now().perSeries(since: idle, series).description)
        try db.close()
    }
}

/// glibc's `malloc.h` calls (not in Swift's Glibc module), looked up at run time.
enum GlibcMalloc {
    /// `malloc_trim(0)`: returns free heap pages to the system.
    static func trim() {
        guard let address = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(address, to: (@convention(c) (Int) -> Int32).self)(0)
    }

    /// `malloc_stats()`: per arena, bytes taken from the system and in use, on stderr.
    static func stats() {
        guard let address = dlsym(nil, "malloc_stats") else { return }
        unsafeBitCast(address, to: (@convention(c) () -> Void).self)()
    }

    /// `malloc_info`'s totals: heap bytes in use (mmapped chunks included), free in the heap,
    /// and mmapped.
    static func totals() -> (inUse: Int, free: Int, mapped: Int) {
        guard let address = dlsym(nil, "malloc_info") else { return (0, 0, 0) }
        var buffer: UnsafeMutablePointer<CChar>?
        var length = 0
        guard let stream = open_memstream(&buffer, &length) else { return (0, 0, 0) }
        _ = unsafeBitCast(address, to: (@convention(c) (Int32, UnsafeMutablePointer<FILE>) -> Int32).self)(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard let buffer else { return (0, 0, 0) }
        // The last lines sum every arena: <total type="fast|rest|mmap" count=".." size=".."/> and
        // <system type="current" size=".."/>.
        let xml = String(cString: buffer)
        let tail = xml[(xml.range(of: "</heap>", options: .backwards)?.upperBound ?? xml.startIndex)...]
        func size(_ tag: String) -> Int {
            guard let line = tail.split(separator: "\n").first(where: { $0.contains(tag) }),
                let range = line.range(of: "size=\"") else { return 0 }
            return Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        let free = size("type=\"fast\"") + size("type=\"rest\""), mapped = size("type=\"mmap\"")
        return (size("<system type=\"current\"") - free + mapped, free, mapped)
    }
}

/// RSS and glibc's heap counters.
struct HeapFigures: CustomStringConvertible {
    var rss = 0, inUse = 0, free = 0, mapped = 0

    static func now() -> HeapFigures {
        var figures = HeapFigures()
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kB = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) {
            figures.rss = kB * 1024
        }
        (figures.inUse, figures.free, figures.mapped) = GlibcMalloc.totals()
        return figures
    }

    func perSeries(since idle: HeapFigures, _ series: Int) -> HeapFigures {
        HeapFigures(rss: (rss - idle.rss) / series, inUse: (inUse - idle.inUse) / series,
                    free: (free - idle.free) / series, mapped: (mapped - idle.mapped) / series)
    }

    var description: String { "rss \(rss) heap in use \(inUse) (mmapped \(mapped)) heap free \(free)" }
}

/// peer-bench's metric families (`gen_openmetrics.py`) at `count` series: the same names, label
/// names and value shapes, so label lengths and the number of distinct values match.
struct BenchSeriesFamilies {
    var labels: [[(String, String)]] = []

    init(count: Int) {
        let origins = max(1, count / 200), endpoints = max(1, count / 100), agents = 60
        let modes = ["enforce", "shadow", "warn"], codes = (0..<12).map { "E_CODE_\($0)" }
        let fields = ["agent_id", "run_id", "session_id", "origin", "model"]
        let les = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"]
        for o in 0..<origins {
            let origin = "sys-" + String(format: "%04d", o)
            for mode in modes {
                for version in 0..<10 {
                    add("sdk_attribution_validations_total", [("enforcement_mode", mode), ("origin_system", origin), ("sdk_version", "1.\(version / 2).\(version % 2)")])
                }
            }
            for code in codes { for mode in modes { add("sdk_attribution_errors_total", [("enforcement_mode", mode), ("error_code", code), ("origin_system", origin)]) } }
            for code in codes { add("sdk_attribution_rejects_total", [("error_code", code), ("origin_system", origin)]) }
            for agent in 0..<agents { add("sdk_attribution_overrides_total", [("agent_id", String(format: "agent-%06x", (o * agents + agent) &* 2_654_435_761 & 0xFFFFFF)), ("origin_system", origin)]) }
            for field in fields { add("runs_with_legacy_attribution_total", [("field", field), ("origin_system", origin)]) }
        }
        add("runs_legacy_bucket_size", [])
        for e in 0..<endpoints {
            let endpoint = "/api/v1/r" + String(format: "%04d", e)
            for le in les { add("http_request_duration_seconds_bucket", [("endpoint", endpoint), ("le", le)]) }
            add("http_request_duration_seconds_sum", [("endpoint", endpoint)])
            add("http_request_duration_seconds_count", [("endpoint", endpoint)])
        }
        var prefix = 0
        while labels.count < count {
            prefix += 1
            let mixed = prefix &* 2_654_435_761 & 0xFFFFFF  // a bijection on 24 bits: every prefix distinct
            add("divan_auth_failures_by_ip", [("ip_prefix", "\(1 + mixed >> 16).\(mixed >> 8 & 255).\(mixed & 255).0/24")])
        }
    }

    private mutating func add(_ name: String, _ pairs: [(String, String)]) {
        labels.append([("__name__", name)] + pairs)
    }
}

/// Remote write 1.0 `TimeSeries` entries, protobuf by hand (one sample each).
enum BenchWriteRequest {
    static func appendSeries(_ labels: [(String, String)], value: Double, timestamp: Int64, to out: inout [UInt8]) {
        var body: [UInt8] = []
        for (name, text) in labels {
            var label: [UInt8] = []
            appendField(1, Array(name.utf8), to: &label)
            appendField(2, Array(text.utf8), to: &label)
            appendField(1, label, to: &body)
        }
        var sample: [UInt8] = [0x09]
        withUnsafeBytes(of: value.bitPattern.littleEndian) { sample += $0 }
        sample.append(0x10)
        appendVarint(UInt64(bitPattern: timestamp), to: &sample)
        appendField(2, sample, to: &body)
        appendField(1, body, to: &out)
    }

    static func appendField(_ field: UInt8, _ payload: [UInt8], to out: inout [UInt8]) {
        out.append(field << 3 | 2)
        appendVarint(UInt64(payload.count), to: &out)
        out += payload
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }
}
