import VigilCore

/// Durations, ranges, subqueries, `offset` and `@`.
extension Parser {
    /// Durations beyond Go's `time.Duration` (about 292 years) are out of range, as in Prometheus.
    static let maxDurationMillis: Int64 = Int64.max / 1_000_000
    /// `@` timestamps are bounded so that time arithmetic on them cannot overflow.
    static let maxTimestampMillis: Int64 = 1 << 61

    mutating func parseDurationValue(context: String) throws(ParseError) -> Int64 {
        let token = current
        switch token.kind {
        case .duration:
            advance()
            let ms: Int64
            do {
                ms = try PromDuration(parsing: token.text).milliseconds
            } catch {
                throw self.error(error.message, at: token)
            }
            guard ms <= Self.maxDurationMillis else { throw self.error("duration out of range", at: token) }
            return ms
        case .number:
            advance()
            guard let seconds = parseNumber(token.text), seconds.isFinite, abs(seconds * 1000) <= Double(Self.maxDurationMillis) else {
                throw self.error("invalid duration \(quoteGoString(token.text))", at: token)
            }
            return Int64((seconds * 1000).rounded())
        default:
            throw unexpected(context, expected: "duration")
        }
    }

    /// A duration in brackets or after `offset`: a literal, or (3.x) a duration expression.
    /// Returns the folded value, or the expression when it depends on the query step.
    mutating func parseDurationOrExpr(context: String, atomOnly: Bool) throws(ParseError) -> (Int64, DurationExpr?) {
        if options.compatibility == .prometheus2 { return (try parseDurationValue(context: context), nil) }
        let token = current
        let expr: DurationExpr
        if atomOnly {
            var negative = false
            if current.kind == .sub { negative = true; advance() } else if current.kind == .add { advance() }
            let atom = try parseDurationAtom(context: context)
            expr = negative ? .negate(atom) : atom
        } else {
            expr = try parseDurationExpr(context: context)
        }
        if expr.isConstant {
            guard let ms = expr.milliseconds(step: 0), abs(ms) <= Self.maxDurationMillis else {
                throw error("duration out of range", at: token)
            }
            return (ms, nil)
        }
        return (0, expr)
    }

    mutating func parseRangeOrSubquery(_ expr: Expr) throws(ParseError) -> Expr {
        let open = current
        advance()
        let (range, rangeExpr) = try parseDurationOrExpr(context: "range", atomOnly: false)
        if current.kind == .rightBracket {
            advance()
            guard case .vectorSelector(var selector) = expr else {
                throw error("ranges only allowed for vector selectors", at: open)
            }
            if selector.offset != 0 || selector.at != nil || selector.offsetExpr != nil {
                throw error("no offset or @ modifiers allowed before range", at: open)
            }
            if rangeExpr == nil, range <= 0 { throw error("range duration must be greater than 0", at: open) }
            selector.rangeExpr = rangeExpr
            return .matrixSelector(selector, range: range)
        }
        guard current.kind == .colon else { throw unexpected("subquery selector", expected: "\":\" or \"]\"") }
        advance()
        var step: Int64 = 0
        var stepExpr: DurationExpr?
        if current.kind != .rightBracket { (step, stepExpr) = try parseDurationOrExpr(context: "subquery selector", atomOnly: false) }
        try expect(.rightBracket, context: "subquery selector", expected: "\"]\"")
        guard expr.type == .vector else {
            throw error("subquery is only allowed on instant vector, got \(expr.type.rawValue) instead", at: open)
        }
        if rangeExpr == nil, range <= 0 { throw error("range duration must be greater than 0", at: open) }
        if stepExpr == nil, step < 0 { throw error("step must be greater than 0", at: open) }
        var subquery = Subquery(expr: expr, range: range, step: step)
        subquery.rangeExpr = rangeExpr
        subquery.stepExpr = stepExpr
        return .subquery(subquery)
    }

    mutating func parseOffset(_ expr: Expr, start: Token) throws(ParseError) -> Expr {
        let token = current
        advance()
        var amount: Int64
        var amountExpr: DurationExpr?
        if options.compatibility == .prometheus2 {
            var sign: Int64 = 1
            if current.kind == .sub { sign = -1; advance() } else if current.kind == .add { advance() }
            amount = try parseDurationValue(context: "offset") * sign
        } else {
            (amount, amountExpr) = try parseDurationOrExpr(context: "offset", atomOnly: true)
        }
        switch expr {
        case .vectorSelector(var s):
            if s.offset != 0 || s.offsetExpr != nil { throw error("offset may not be set multiple times", at: token) }
            s.offset = amount
            s.offsetExpr = amountExpr
            return .vectorSelector(s)
        case .matrixSelector(var s, let range):
            if s.offset != 0 || s.offsetExpr != nil { throw error("offset may not be set multiple times", at: token) }
            s.offset = amount
            s.offsetExpr = amountExpr
            return .matrixSelector(s, range: range)
        case .subquery(var s):
            if s.offset != 0 || s.offsetExpr != nil { throw error("offset may not be set multiple times", at: token) }
            s.offset = amount
            s.offsetExpr = amountExpr
            return .subquery(s)
        default:
            throw error("offset modifier must be preceded by an instant vector selector or range vector selector or a subquery", at: start)
        }
    }

    mutating func parseAt(_ expr: Expr, start: Token) throws(ParseError) -> Expr {
        let token = current
        advance()
        let at: AtModifier
        if isIdentifier("start") || isIdentifier("end") {
            let isStart = isIdentifier("start")
            advance()
            try expect(.leftParen, context: "@", expected: "\"(\"")
            try expect(.rightParen, context: "@", expected: "\")\"")
            at = isStart ? .start : .end
        } else {
            var sign = 1.0
            if current.kind == .sub { sign = -1; advance() } else if current.kind == .add { advance() }
            let value: Double
            if current.kind == .number, let number = parseNumber(current.text) {
                value = number
            } else if current.kind == .duration, options.compatibility == .prometheus3,
                      let duration = try? PromDuration(parsing: current.text) {
                value = Double(duration.milliseconds) / 1000
            } else {
                throw unexpected("@", expected: "timestamp")
            }
            let seconds = value * sign
            let millis = seconds * 1000
            guard millis.isFinite, abs(millis) <= Double(Self.maxTimestampMillis) else {
                throw error("timestamp out of bounds for @ modifier: \(formatFloatG(seconds))", at: current)
            }
            advance()
            at = .timestamp(Int64(millis.rounded()))
        }
        switch expr {
        case .vectorSelector(var s):
            if s.at != nil { throw error("@ <timestamp> may not be set multiple times", at: token) }
            s.at = at
            return .vectorSelector(s)
        case .matrixSelector(var s, let range):
            if s.at != nil { throw error("@ <timestamp> may not be set multiple times", at: token) }
            s.at = at
            return .matrixSelector(s, range: range)
        case .subquery(var s):
            if s.at != nil { throw error("@ <timestamp> may not be set multiple times", at: token) }
            s.at = at
            return .subquery(s)
        default:
            throw error("@ modifier must be preceded by an instant vector selector or range vector selector or a subquery", at: start)
        }
    }
}
