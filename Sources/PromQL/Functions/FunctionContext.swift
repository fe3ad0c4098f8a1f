import VigilCore

/// What a function implementation sees: evaluated arguments and the evaluation instant.
struct FunctionContext {
    var args: [Value]
    var exprs: [Expr]
    /// The evaluation time (ms).
    var time: Int64
    /// The window `(rangeStart, rangeEnd]` of the range-vector argument, if any (ms).
    var rangeStart: Int64 = 0
    var rangeEnd: Int64 = 0
    /// Whether the range-vector argument is `anchored` or `smoothed`.
    var queryStart: Int64 = 0
    var queryEnd: Int64 = 0
    var queryStep: Int64 = 0
    var anchored = false
    var smoothed = false
    var options: EngineOptions
    var annotations: [Annotation] = []
    /// When set, range-vector functions hand back their per-series kernel instead of running it.
    var kernelCapture: KernelCapture?

    func vector(_ index: Int) -> [Sample] {
        guard case .vector(let samples) = args[index] else { preconditionFailure("BUG: argument \(index) is not a vector") }
        return samples
    }

    func matrix(_ index: Int) -> [RangeSeries] {
        guard case .matrix(let series) = args[index] else { preconditionFailure("BUG: argument \(index) is not a matrix") }
        return series
    }

    func scalar(_ index: Int) -> Double {
        guard case .scalar(let value) = args[index] else { preconditionFailure("BUG: argument \(index) is not a scalar") }
        return value
    }

    func string(_ index: Int) -> String {
        guard case .string(let value) = args[index] else { preconditionFailure("BUG: argument \(index) is not a string") }
        return value
    }

    /// The sample with its name dropped now (2.x) or marked for dropping (3.x).
    func droppingName(_ metric: Labels, value: Double, keepFlag: Bool = false) -> Sample {
        if options.delayedNameRemoval {
            return Sample(metric: metric, value: value, timestamp: time, dropName: true)
        }
        return Sample(metric: metric.droppingName(), value: value, timestamp: time)
    }

    /// Applies `transform` to every element of the vector argument, dropping names.
    func mapVector(_ index: Int = 0, _ transform: (Double) -> Double) -> Value {
        let input = vector(index)
        var out: [Sample] = []
        out.reserveCapacity(input.count)
        for sample in input {
            var s = droppingName(sample.metric, value: transform(sample.value))
            s.dropName = s.dropName || sample.dropName
            out.append(s)
        }
        return .vector(out)
    }

    mutating func warn(_ message: String) { annotations.append(Annotation(kind: .warning, message: message)) }
    mutating func info(_ message: String) { annotations.append(Annotation(kind: .info, message: message)) }
}

/// Receives a range-vector function's per-series kernel (see `RangeFunctions.perSeries`).
final class KernelCapture {
    var body: ((RangeSeries) -> Double?)?
    var keepName = false
}

/// The body of one PromQL function.
typealias FunctionImplementation = @Sendable (inout FunctionContext) throws -> Value

/// Implementations by function name; signatures live in `FunctionTable`.
enum FunctionImplementations {
    static let table: [String: FunctionImplementation] = {
        var table: [String: FunctionImplementation] = [:]
        for family in [MathFunctions.table, RangeFunctions.table, TimeFunctions.table, LabelFunctions.table,
                       HistogramFunctions.table, MiscFunctions.table] {
            table.merge(family) { _, new in new }
        }
        table["holt_winters"] = table["double_exponential_smoothing"]
        return table
    }()
}

/// Go's `math.Max`/`math.Min`: NaN wins.
@inline(__always) func goMax(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
@inline(__always) func goMin(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
