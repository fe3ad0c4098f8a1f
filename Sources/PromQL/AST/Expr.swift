import VigilCore

/// The types a PromQL expression evaluates to.
public enum ValueType: String, Sendable, Hashable {
    case scalar
    case vector = "instant vector"
    case matrix = "range vector"
    case string
}

/// A parsed PromQL expression.
public indirect enum Expr: Sendable {
    case number(Double)
    case string(String)
    case vectorSelector(VectorSelector)
    case matrixSelector(VectorSelector, range: Int64)
    case subquery(Subquery)
    case call(Call)
    case aggregate(Aggregation)
    case binary(BinaryExpr)
    case negate(Expr)
    case paren(Expr)
    /// `start()`/`end()` inside `@` are resolved at evaluation; this wraps nothing else.

    /// The type this expression evaluates to.
    public var type: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .call(let call): return call.function.returnType
        case .aggregate: return .vector
        case .binary(let binary):
            return binary.lhs.type == .scalar && binary.rhs.type == .scalar ? .scalar : .vector
        case .negate(let inner), .paren(let inner): return inner.type
        }
    }
}

/// Where an `@` modifier pins evaluation.
public enum AtModifier: Sendable, Hashable {
    case timestamp(Int64)
    case start
    case end
}

/// `name{matchers} offset d @ t`.
public struct VectorSelector: Sendable {
    public var name: String?
    public var matchers: [LabelMatcher]
    public var offset: Int64 = 0
    public var at: AtModifier?
    /// Step-dependent offset and range (`offset step()`, `[step()*2]`), resolved per query.
    public var offsetExpr: DurationExpr?
    public var rangeExpr: DurationExpr?
    /// Prometheus 3 extended range selectors: `anchored` adds the sample before the window;
    /// `smoothed` also the one after it and interpolates at the edges.
    public var anchored = false
    public var smoothed = false
}

/// `expr[range:step] offset d @ t`.
public struct Subquery: Sendable {
    public var expr: Expr
    public var range: Int64
    /// Zero means the engine's default step.
    public var step: Int64
    public var offset: Int64 = 0
    public var at: AtModifier?
    public var rangeExpr: DurationExpr?
    public var stepExpr: DurationExpr?
    public var offsetExpr: DurationExpr?
}

/// A function call.
public struct Call: Sendable {
    public var function: FunctionSignature
    public var args: [Expr]
}

/// The aggregation operators.
public enum Aggregator: String, Sendable, Hashable, CaseIterable {
    case sum, avg, min, max, count, group, stddev, stdvar, topk, bottomk, quantile
    case countValues = "count_values"
    case limitk
    case limitRatio = "limit_ratio"

    /// The type of the parameter before the vector, if the aggregator takes one.
    var parameterType: ValueType? {
        switch self {
        case .topk, .bottomk, .quantile, .limitk, .limitRatio: return .scalar
        case .countValues: return .string
        default: return nil
        }
    }
}

/// `op by|without (labels) (param, expr)`.
public struct Aggregation: Sendable {
    public var op: Aggregator
    public var expr: Expr
    public var param: Expr?
    public var grouping: [String]
    public var without: Bool
}

/// Binary operators.
public enum BinaryOperator: String, Sendable, Hashable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", atan2
    case equal = "==", notEqual = "!=", greater = ">", less = "<", greaterEqual = ">=", lessEqual = "<="
    case and, or, unless

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .greater, .less, .greaterEqual, .lessEqual: return true
        default: return false
        }
    }
    var isSetOperator: Bool { self == .and || self == .or || self == .unless }

    var precedence: Int {
        switch self {
        case .or: return 1
        case .and, .unless: return 2
        case .equal, .notEqual, .greater, .less, .greaterEqual, .lessEqual: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }
}

/// How the two sides of a vector-vector operation pair up.
public enum MatchCardinality: Sendable, Hashable {
    case oneToOne, manyToOne, oneToMany, manyToMany
}

/// `on`/`ignoring` and `group_left`/`group_right` of a binary operation.
public struct VectorMatching: Sendable, Hashable {
    public var cardinality: MatchCardinality = .oneToOne
    public var labels: [String] = []
    public var on = false
    /// Extra labels copied from the "one" side (`group_left(extra)`).
    public var include: [String] = []
    /// Prometheus 3.14 `fill_left(v)`/`fill_right(v)`: values for missing matches, applied to the
    /// sides after `group_right` swaps them ("left" is the many side).
    public var fillLeft: Double?
    public var fillRight: Double?
}

/// `lhs op bool on(...) group_left(...) rhs`.
public struct BinaryExpr: Sendable {
    public var op: BinaryOperator
    public var lhs: Expr
    public var rhs: Expr
    public var returnBool: Bool
    public var matching: VectorMatching?
}
