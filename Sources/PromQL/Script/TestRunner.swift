import Foundation
import VigilCore

/// Runs Prometheus `.test` scripts against the engine and counts passes and failures.
public enum PromQLTestRunner {
    /// Counts of one run.
    public struct Summary: Sendable, Hashable {
        public var passed = 0
        public var failed = 0
        /// Evals that need native histograms (not supported yet).
        public var skipped = 0
        /// Skipped evals by reason (`expects histogram values`, ...).
        public var skipReasons: [String: Int] = [:]
        public var failures: [String] = []

        public init() {}

        public var total: Int { passed + failed }
        /// Passed evals over evaluated ones (skipped excluded), 0...1.
        public var passRate: Double { total == 0 ? 0 : Double(passed) / Double(total) }
        public var line: String { "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "") }

        mutating func merge(_ other: Summary) {
            passed += other.passed
            failed += other.failed
            skipped += other.skipped
            skipReasons.merge(other.skipReasons, uniquingKeysWith: +)
            failures += other.failures
        }
    }

    /// Runs every `.test` file in `paths` (files or directories), printing one line per failing
    /// eval and a final `N passed, N failed` line when `output` is given.
    public static func run(paths: [String], compatibility: PromQLCompatibility,
                           output: ((String) -> Void)? = { print($0) }) -> Summary {
        var summary = Summary()
        for file in expand(paths) {
            summary.merge(runFile(file, compatibility: compatibility, output: output))
        }
        if summary.skipped > 0 {
            let reasons = summary.skipReasons.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            output?("skipped (native histograms are not supported yet): " + reasons.joined(separator: ", "))
        }
        output?(summary.line)
        return summary
    }

    static func expand(_ paths: [String]) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix(".test") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// Runs one script file.
    public static func runFile(_ path: String, compatibility: PromQLCompatibility,
                               output: ((String) -> Void)? = nil) -> Summary {
        var summary = Summary()
        func fail(_ line: Int, _ message: String) {
            let text = "\(path):\(line): \(message)"
            summary.failed += 1
            summary.failures.append(text)
            output?(text)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            fail(0, "cannot read file")
            return summary
        }
        let commands: [ScriptCommand]
        do {
            commands = try TestScriptParser.parse(String(decoding: data, as: UTF8.self))
        } catch {
            fail((error as? ScriptError)?.line ?? 0, "\(error)")
            return summary
        }
        let engine = Engine(options: EngineOptions(compatibility: compatibility))
        var store = MemorySeriesStore()
        for command in commands {
            switch command {
            case .clear:
                store = MemorySeriesStore()
            case .load(let step, let lines, let nhcb):
                var loadError: (line: Int, message: String)?
                for (line, text) in lines {
                    // Start-timestamp lines (`name{...}@st ...`, Prometheus 3.14) are not supported:
                    // the samples load without start timestamps.
                    if SeriesDescription.split(text).0.hasSuffix("@st") { continue }
                    do {
                        let series = try SeriesDescription.parse(text, compatibility: compatibility)
                        if series.hasHistograms {
                            store.markHistogram(series.labels)
                            continue
                        }
                        for (k, item) in series.items.enumerated() {
                            if case .value(let v) = item { store.append(series.labels, timestamp: Int64(k) * step, value: v) }
                        }
                        if nhcb, let name = series.labels[Label.metricName], name.hasSuffix("_bucket") {
                            let base = String(name.dropLast("_bucket".count))
                            store.markHistogram(series.labels.removing(["le"]).setting(Label.metricName, to: base))
                        }
                    } catch {
                        if loadError == nil { loadError = (line, "load: \(error)") }
                    }
                }
                // One failure per bad load block, not per line.
                if let loadError { fail(loadError.line, loadError.message) }
            case .eval(let eval):
                switch EvalCheck(eval: eval, engine: engine, store: store, compatibility: compatibility).run() {
                case .pass: summary.passed += 1
                case .skip(let reason):
                    summary.skipped += 1
                    summary.skipReasons[reason.rawValue, default: 0] += 1
                case .fail(let message): fail(eval.line, message)
                }
            }
        }
        return summary
    }
}
