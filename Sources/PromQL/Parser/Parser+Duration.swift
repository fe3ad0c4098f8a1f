import VigilCore

extension Parser {
    /// A duration expression inside brackets: full arithmetic on numbers (seconds) and durations.
    mutating func parseDurationExpr(minPrecedence: Int = 0, context: String) throws(ParseError) -> DurationExpr {
        try enter()
        defer { depth -= 1 }
        var lhs = try parseDurationUnary(context: context)
        var chain = 0
        defer { depth -= chain }
        while let op = durationOperator(current), op.precedence >= minPrecedence {
            chain += 1
            try enter()
            advance()
            let next = op == .pow ? op.precedence : op.precedence + 1
            let rhs = try parseDurationExpr(minPrecedence: next, context: context)
            lhs = .binary(op, lhs, rhs)
        }
        return lhs
    }

    func durationOperator(_ token: Token) -> BinaryOperator? {
        switch token.kind {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        default: return nil
        }
    }

    mutating func parseDurationUnary(context: String) throws(ParseError) -> DurationExpr {
        if current.kind == .sub || current.kind == .add {
            let negative = current.kind == .sub
            advance()
            let operand = try parseDurationExpr(minPrecedence: BinaryOperator.pow.precedence, context: context)
            return negative ? .negate(operand) : operand
        }
        return try parseDurationAtom(context: context)
    }

    /// A number, a duration, `( expr )`, `step()`, `min(a, b)` or `max(a, b)`.
    mutating func parseDurationAtom(context: String) throws(ParseError) -> DurationExpr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            guard let value = parseNumber(token.text) else { throw error("bad number syntax: \(quoteGoString(token.text))", at: token) }
            return .literal(value)
        case .duration:
            advance()
            do {
                return .literal(Double(try PromDuration(parsing: token.text).milliseconds) / 1000)
            } catch {
                throw self.error(error.message, at: token)
            }
        case .leftParen:
            advance()
            let inner = try parseDurationExpr(context: context)
            try expect(.rightParen, context: context, expected: "\")\"")
            return inner
        case .identifier where options.compatibility == .prometheus3 && peekNext.kind == .leftParen:
            let name = token.text.lowercased()
            switch name {
            case "step", "range":
                advance(); advance()
                try expect(.rightParen, context: context, expected: "\")\"")
                return name == "step" ? .step : .range
            case "min", "max", "min_of", "max_of":
                advance(); advance()
                let a = try parseDurationExpr(context: context)
                try expect(.comma, context: context, expected: "\",\"")
                let b = try parseDurationExpr(context: context)
                try expect(.rightParen, context: context, expected: "\")\"")
                return name.hasPrefix("min") ? .min(a, b) : .max(a, b)
            default:
                throw unexpected(context, expected: "duration")
            }
        default:
            throw unexpected(context, expected: "duration")
        }
    }
}
