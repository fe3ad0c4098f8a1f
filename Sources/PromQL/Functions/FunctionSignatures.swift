/// A function's name and types, as the parser checks them (Prometheus `parser.Functions`).
public struct FunctionSignature: Sendable, Hashable {
    public var name: String
    public var argTypes: [ValueType]
    /// 0: exactly `argTypes`; n > 0: the last n are optional; -1: the last repeats without limit.
    public var variadic: Int
    public var returnType: ValueType

    var minArgs: Int { variadic > 0 ? argTypes.count - variadic : (variadic < 0 ? argTypes.count - 1 : argTypes.count) }
    var maxArgs: Int? { variadic < 0 ? nil : argTypes.count }
}

/// Every function the parser accepts, by name.
enum FunctionTable {
    static func lookup(_ name: String, compatibility: PromQLCompatibility) -> FunctionSignature? {
        if compatibility == .prometheus2 {
            if name == "double_exponential_smoothing" || v3Only.contains(name) { return nil }
            if name == "holt_winters" { return signatures["double_exponential_smoothing"].map { renamed($0, name) } }
        }
        return signatures[name]
    }

    private static func renamed(_ signature: FunctionSignature, _ name: String) -> FunctionSignature {
        var copy = signature
        copy.name = name
        return copy
    }

    /// Functions added after 2.x.
    private static let v3Only: Set<String> = [
        "sort_by_label", "sort_by_label_desc", "mad_over_time", "limitk", "limit_ratio",
        "ts_of_min_over_time", "ts_of_max_over_time", "ts_of_last_over_time", "first_over_time",
        "ts_of_first_over_time", "step", "range", "start", "end", "min_of", "max_of", "info",
    ]

    static let signatures: [String: FunctionSignature] = {
        var table: [String: FunctionSignature] = [:]
        func add(_ name: String, _ args: [ValueType], _ ret: ValueType, variadic: Int = 0) {
            table[name] = FunctionSignature(name: name, argTypes: args, variadic: variadic, returnType: ret)
        }
        let v = ValueType.vector, m = ValueType.matrix, s = ValueType.scalar, str = ValueType.string
        for name in ["abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "deg", "rad",
                     "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh",
                     "absent", "sort", "sort_desc"] {
            add(name, [v], v)
        }
        add("round", [v, s], v, variadic: 1)
        add("clamp", [v, s, s], v)
        add("clamp_min", [v, s], v)
        add("clamp_max", [v, s], v)
        add("pi", [], s)
        for name in ["step", "range", "start", "end"] { add(name, [], s) }
        add("min_of", [s, s], s)
        add("info", [v, v], v, variadic: 1)
        add("max_of", [s, s], s)
        add("time", [], s)
        add("scalar", [v], s)
        add("vector", [s], v)
        add("timestamp", [v], v)
        for name in ["minute", "hour", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "month", "year"] {
            add(name, [v], v, variadic: 1)
        }
        add("label_replace", [v, str, str, str, str], v)
        add("label_join", [v, str, str, str], v, variadic: -1)
        add("sort_by_label", [v, str], v, variadic: -1)
        add("sort_by_label_desc", [v, str], v, variadic: -1)
        add("histogram_quantile", [s, v], v)
        for name in ["rate", "irate", "increase", "delta", "idelta", "deriv", "resets", "changes",
                     "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
                     "stddev_over_time", "stdvar_over_time", "last_over_time", "first_over_time", "present_over_time",
                     "absent_over_time", "mad_over_time", "ts_of_min_over_time", "ts_of_max_over_time",
                     "ts_of_last_over_time", "ts_of_first_over_time"] {
            add(name, [m], v)
        }
        add("quantile_over_time", [s, m], v)
        add("predict_linear", [m, s], v)
        add("double_exponential_smoothing", [m, s, s], v)
        return table
    }()
}

/// Which Prometheus release's behaviour the parser and engine reproduce.
public enum PromQLCompatibility: String, Sendable, Hashable, CaseIterable {
    /// Prometheus 3.x: left-open range and lookback windows, `double_exponential_smoothing`,
    /// regex `.` matching newlines, delayed `__name__` removal.
    case prometheus3
    /// Prometheus 2.x: windows closed on the left, `holt_winters`, regex `.` not matching `\n`.
    case prometheus2
}
