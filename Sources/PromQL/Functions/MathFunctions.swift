import Foundation

/// Element-wise math on instant vectors: `abs`, `ceil`, trig, `round`, `clamp`, ...
enum MathFunctions {
    static let table: [String: FunctionImplementation] = {
        var table: [String: FunctionImplementation] = [:]
        let simple: [(String, @Sendable (Double) -> Double)] = [
            ("abs", { Swift.abs($0) }), ("ceil", { Foundation.ceil($0) }), ("floor", { Foundation.floor($0) }),
            ("exp", { Foundation.exp($0) }), ("ln", { Foundation.log($0) }), ("log2", { Foundation.log2($0) }),
            ("log10", { Foundation.log10($0) }), ("sqrt", { $0.squareRoot() }),
            ("sgn", { $0 < 0 ? -1 : ($0 > 0 ? 1 : $0) }),
            ("acos", { Foundation.acos($0) }), ("acosh", { Foundation.acosh($0) }), ("asin", { Foundation.asin($0) }),
            ("asinh", { Foundation.asinh($0) }), ("atan", { Foundation.atan($0) }), ("atanh", { Foundation.atanh($0) }),
            ("cos", { Foundation.cos($0) }), ("cosh", { Foundation.cosh($0) }), ("sin", { Foundation.sin($0) }),
            ("sinh", { Foundation.sinh($0) }), ("tan", { Foundation.tan($0) }), ("tanh", { Foundation.tanh($0) }),
            ("deg", { $0 * 180 / Double.pi }), ("rad", { $0 * Double.pi / 180 }),
        ]
        for (name, function) in simple {
            table[name] = { context in context.mapVector(0, function) }
        }
        table["round"] = { context in
            let toNearest = context.args.count > 1 ? context.scalar(1) : 1
            let inverse = 1 / toNearest
            return context.mapVector(0) { Foundation.floor($0 * inverse + 0.5) / inverse }
        }
        table["clamp"] = { context in
            let low = context.scalar(1), high = context.scalar(2)
            if high < low { return .vector([]) }
            return context.mapVector(0) { goMax(low, goMin(high, $0)) }
        }
        table["clamp_min"] = { context in
            let low = context.scalar(1)
            return context.mapVector(0) { goMax(low, $0) }
        }
        table["clamp_max"] = { context in
            let high = context.scalar(1)
            return context.mapVector(0) { goMin(high, $0) }
        }
        table["pi"] = { _ in .scalar(Double.pi) }
        return table
    }()
}
