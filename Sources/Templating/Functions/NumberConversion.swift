/// Prometheus's `ConvertToFloat`: numbers, numeric strings and durations (as seconds).
func convertToFloat(_ value: TemplateValue) throws -> Double {
    switch value {
    case .float(let number): return number
    case .int(let number): return Double(number)
    case .duration(let nanoseconds): return Double(nanoseconds) / 1e9
    case .string(let text):
        if let number = parseGoFloat(text) { return number }
        throw TemplateFunctionError("strconv.ParseFloat: parsing \(goQuote(text)): invalid syntax")
    default:
        throw TemplateFunctionError("can't convert \(value.goTypeName) to float")
    }
}

/// Go's `strconv.ParseFloat(text, 64)` for the forms people write: decimals, exponents,
/// `Inf`/`Infinity`/`NaN` in any case with an optional sign.
func parseGoFloat(_ text: String) -> Double? {
    guard !text.isEmpty, !text.contains(where: { $0.isWhitespace || $0 == "_" }) else { return nil }
    var body = Substring(text)
    var sign = 1.0
    if let first = body.first, first == "+" || first == "-" {
        sign = first == "-" ? -1 : 1
        body = body.dropFirst()
    }
    switch body.lowercased() {
    case "inf", "infinity": return sign * .infinity
    case "nan": return .nan
    default: break
    }
    guard let first = body.first, first.isNumber || first == "." else { return nil }
    return Double(body).map { sign * $0 }
}
