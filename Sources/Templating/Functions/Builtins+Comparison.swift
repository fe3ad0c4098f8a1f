// `eq ne lt le gt ge` with Go's rules: operands must share a basic kind (bool, int, float,
// string); int and float never mix; missing values compare unequal to anything but missing.

enum BasicKind {
    case bool, int, float, string, other
}

extension TemplateValue {
    var basicKind: BasicKind {
        switch self {
        case .bool: .bool
        case .int, .duration: .int
        case .float: .float
        case .string: .string
        default: .other
        }
    }
}

private let incompatible = TemplateFunctionError("incompatible types for comparison")
private let invalidType = TemplateFunctionError("invalid type for comparison")

extension FunctionTable {
    static func registerComparisons(into table: inout FunctionTable) {
        table.register("eq", TemplateFunction(minimumArguments: 1, maximumArguments: nil) { arguments, _ in
            if arguments.count == 1 { throw TemplateFunctionError("missing argument for comparison") }
            for other in arguments.dropFirst() where try equal(arguments[0], other) { return .bool(true) }
            return .bool(false)
        })
        table.register("ne", TemplateFunction(arity: 2) { arguments, _ in
            .bool(!(try equal(arguments[0], arguments[1])))
        })
        table.register("lt", TemplateFunction(arity: 2) { arguments, _ in .bool(try less(arguments[0], arguments[1])) })
        table.register("le", TemplateFunction(arity: 2) { arguments, _ in
            .bool(try less(arguments[0], arguments[1]) || equal(arguments[0], arguments[1]))
        })
        table.register("gt", TemplateFunction(arity: 2) { arguments, _ in
            .bool(!(try less(arguments[0], arguments[1]) || equal(arguments[0], arguments[1])))
        })
        table.register("ge", TemplateFunction(arity: 2) { arguments, _ in .bool(!(try less(arguments[0], arguments[1]))) })
    }

    static func equal(_ lhs: TemplateValue, _ rhs: TemplateValue) throws -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.int(let a), .duration(let b)), (.duration(let b), .int(let a)): return Int64(a) == b
        case (.float(let a), .float(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.time(let a), .time(let b)): return a.date == b.date
        default:
            if lhs.basicKind != rhs.basicKind || lhs.basicKind != .other { throw incompatible }
            if case .time = lhs { throw incompatible }
            if case .time = rhs { throw incompatible }
            throw TemplateFunctionError("non-comparable type \(GoPrint.value(rhs)): \(rhs.goTypeName)")
        }
    }

    static func less(_ lhs: TemplateValue, _ rhs: TemplateValue) throws -> Bool {
        let left = lhs.basicKind, right = rhs.basicKind
        if left == .other || right == .other { throw invalidType }
        if left != right { throw incompatible }
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b
        case (.duration(let a), .duration(let b)): return a < b
        case (.int(let a), .duration(let b)): return Int64(a) < b
        case (.duration(let a), .int(let b)): return a < Int64(b)
        case (.float(let a), .float(let b)): return a < b
        case (.string(let a), .string(let b)): return goLess(a, b)
        default: throw invalidType  // bools are not ordered
        }
    }
}
