import VigilCore

extension Parser {
    mutating func parsePrimary() throws(ParseError) -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            guard let value = parseNumber(token.text) else { throw error("bad number syntax: \(quoteGoString(token.text))", at: token) }
            return .number(value)
        case .duration:
            // A duration used as a number (Prometheus 3 duration expressions): seconds.
            advance()
            do {
                return .number(Double(try PromDuration(parsing: token.text).milliseconds) / 1000)
            } catch {
                throw self.error(error.message, at: token)
            }
        case .string:
            advance()
            return .string(token.text)
        case .leftParen:
            advance()
            let inner = try parseExpr(minPrecedence: 0)
            try expect(.rightParen, context: "paren expression", expected: "\")\"")
            return .paren(inner)
        case .leftBrace:
            return try parseSelector(name: nil, at: token)
        case .identifier:
            let lower = token.text.lowercased()
            if Keyword.isKeyword(token.text) { throw unexpected() }
            if let aggregator = Aggregator(rawValue: lower),
               peekNext.kind == .leftParen || (peekNext.kind == .identifier && ["by", "without"].contains(peekNext.text.lowercased())) {
                return try parseAggregation(aggregator)
            }
            if peekNext.kind == .leftParen {
                return try parseCall()
            }
            if Keyword.isKeyword(token.text) || Aggregator(rawValue: lower) != nil {
                throw unexpected()
            }
            advance()
            return try parseSelector(name: token.text, at: token)
        default:
            throw unexpected()
        }
    }

    // MARK: Selectors

    mutating func parseSelector(name: String?, at token: Token) throws(ParseError) -> Expr {
        var matchers: [LabelMatcher] = []
        var metricName = name
        if let name { matchers.append(.equal(Label.metricName, name)) }
        if current.kind == .leftBrace {
            advance()
            while current.kind != .rightBrace {
                if current.kind == .string, options.compatibility == .prometheus3, peekNext.kind == .comma || peekNext.kind == .rightBrace {
                    // `{"metric.name"}`: a quoted metric name.
                    if metricName != nil { throw error("metric name must not be set twice: \(quoteGoString(metricName ?? "")) or \(quoteGoString(current.text))", at: current) }
                    metricName = current.text
                    matchers.append(.equal(Label.metricName, current.text))
                    advance()
                } else {
                    matchers.append(try parseMatcher())
                }
                if current.kind == .comma { advance(); continue }
                guard current.kind == .rightBrace else { throw unexpected("label matching", expected: "\",\" or \"}\"") }
            }
            advance()
        }
        if let name, matchers.dropFirst().contains(where: { $0.name == Label.metricName }) {
            throw error("metric name must not be set twice: \(quoteGoString(name)) or \(quoteGoString(matchers.dropFirst().first { $0.name == Label.metricName }?.value ?? ""))", at: token)
        }
        if matchers.allSatisfy(\.matchesEmpty), !allowEmptySelector {
            throw error("vector selector must contain at least one non-empty matcher", at: token)
        }
        if metricName == nil, let nameMatcher = matchers.first(where: { $0.name == Label.metricName && $0.type == .equal }) {
            metricName = nameMatcher.value
        }
        return .vectorSelector(VectorSelector(name: metricName, matchers: matchers))
    }

    mutating func parseMatcher() throws(ParseError) -> LabelMatcher {
        let nameToken = current
        guard nameToken.kind == .identifier || (nameToken.kind == .string && options.compatibility == .prometheus3) else {
            throw unexpected("label matching", expected: "identifier or \"}\"")
        }
        if nameToken.kind == .identifier, !isValidLegacyLabelName(nameToken.text) {
            throw unexpected("label matching", expected: "identifier or \"}\"")
        }
        advance()
        let type: MatchType
        switch current.kind {
        case .assign: type = .equal
        case .notEqual: type = .notEqual
        case .regexMatch: type = .regexMatch
        case .regexNoMatch: type = .regexNoMatch
        default: throw unexpected("label matching", expected: "label matching operator")
        }
        advance()
        guard current.kind == .string else { throw unexpected("label matching", expected: "string") }
        let valueToken = current
        advance()
        do {
            return try LabelMatcher(type, nameToken.text, valueToken.text,
                                    dotMatchesNewline: options.compatibility == .prometheus3)
        } catch {
            throw self.error("error parsing regexp: \(error)", at: valueToken)
        }
    }

    // MARK: Aggregations and calls

    mutating func parseAggregation(_ op: Aggregator) throws(ParseError) -> Expr {
        let token = current
        advance()
        var grouping: [String] = []
        var without = false
        var hasGrouping = false
        if isIdentifier("by") || isIdentifier("without") {
            without = isIdentifier("without")
            advance()
            grouping = try parseLabelList()
            hasGrouping = true
        }
        let args = try parseArguments(context: "aggregation")
        if !hasGrouping, isIdentifier("by") || isIdentifier("without") {
            without = isIdentifier("without")
            advance()
            grouping = try parseLabelList()
        }
        let wanted = op.parameterType == nil ? 1 : 2
        guard args.count == wanted else {
            throw error("wrong number of arguments for aggregate expression provided, expected \(wanted), got \(args.count)", at: token)
        }
        let expr = args[wanted - 1]
        guard expr.type == .vector else {
            throw error("expected type instant vector in aggregation expression, got \(expr.type.rawValue)", at: token)
        }
        var param: Expr?
        if let type = op.parameterType {
            param = args[0]
            if args[0].type != type {
                throw error("expected type \(type.rawValue) in aggregation parameter, got \(args[0].type.rawValue)", at: token)
            }
        }
        return .aggregate(Aggregation(op: op, expr: expr, param: param, grouping: grouping, without: without))
    }

    mutating func parseArguments(context: String, infoCall: Bool = false) throws(ParseError) -> [Expr] {
        try expect(.leftParen, context: context, expected: "\"(\"")
        var args: [Expr] = []
        while current.kind != .rightParen {
            allowEmptySelector = infoCall && args.count == 1 && current.kind == .leftBrace
            defer { allowEmptySelector = false }
            args.append(try parseExpr(minPrecedence: 0))
            if current.kind == .comma { advance(); continue }
            guard current.kind == .rightParen else { throw unexpected("\(context)", expected: "\",\" or \")\"") }
        }
        advance()
        return args
    }

    mutating func parseCall() throws(ParseError) -> Expr {
        let token = current
        guard let signature = FunctionTable.lookup(token.text, compatibility: options.compatibility) else {
            throw error("unknown function with name \(quoteGoString(token.text))", at: token)
        }
        advance()
        let args = try parseArguments(context: "function call", infoCall: signature.name == "info")
        let name = quoteGoString(signature.name)
        if args.count < signature.minArgs {
            let qualifier = signature.maxArgs == signature.minArgs ? "" : "at least "
            throw error("expected \(qualifier)\(signature.minArgs) argument(s) in call to \(name), got \(args.count)", at: token)
        }
        if let maxArgs = signature.maxArgs, args.count > maxArgs {
            let qualifier = maxArgs == signature.minArgs ? "" : "at most "
            throw error("expected \(qualifier)\(maxArgs) argument(s) in call to \(name), got \(args.count)", at: token)
        }
        for (index, arg) in args.enumerated() {
            let wanted = index < signature.argTypes.count ? signature.argTypes[index] : signature.argTypes[signature.argTypes.count - 1]
            if arg.type != wanted {
                throw error("expected type \(wanted.rawValue) in call to function \(name), got \(arg.type.rawValue)", at: token)
            }
        }
        return .call(Call(function: signature, args: args))
    }
}

/// Parses a PromQL number literal: decimal, exponent, hex, `Inf`, `NaN` (any case).
func parseNumber(_ text: String) -> Double? {
    let lower = text.lowercased()
    var body = Substring(lower)
    var sign = 1.0
    if body.hasPrefix("+") { body = body.dropFirst() } else if body.hasPrefix("-") { sign = -1; body = body.dropFirst() }
    if body == "inf" { return sign * .infinity }
    if body == "nan" { return .nan }
    if body.hasPrefix("0x") {
        guard let value = UInt64(body.dropFirst(2), radix: 16) else {
            return body.count > 2 && body.dropFirst(2).allSatisfy(\.isHexDigit) ? sign * .infinity : nil
        }
        return sign * Double(value)
    }
    guard let value = Double(body) else { return nil }
    return sign * value
}

/// Go's `%g`-like shortest formatting of a float, used in messages.
func formatFloatG(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    return formatGoFloat(value)
}
