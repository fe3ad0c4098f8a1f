/// Go's `fmt.Sprintf` over template values: flags `+ - # 0 space`, width, precision (also `*`),
/// and the verbs `v s q d b o O x X c U e E f F g G t T %`, with Go's `%!verb(type=value)` forms for
/// mismatches, `%!d(MISSING)` and `%!(EXTRA …)`.
enum GoPrintf {
    struct Spec {
        var plus = false, minus = false, sharp = false, zero = false, space = false
        var width: Int?
        var precision: Int?
    }

    static func format(_ format: String, _ arguments: [TemplateValue]) -> String {
        let chars = Array(format.unicodeScalars)
        var out = ""
        var argIndex = 0
        var index = 0
        while index < chars.count {
            let scalar = chars[index]
            index += 1
            guard scalar == "%" else {
                out.unicodeScalars.append(scalar)
                continue
            }
            var spec = Spec()
            flags: while index < chars.count {
                switch chars[index] {
                case "+": spec.plus = true
                case "-": spec.minus = true
                case "#": spec.sharp = true
                case "0": spec.zero = true
                case " ": spec.space = true
                default: break flags
                }
                index += 1
            }
            func number() -> Int? {
                var value: Int?
                while index < chars.count, let digit = Int(String(chars[index])), chars[index].isASCII {
                    value = (value ?? 0) * 10 + digit
                    index += 1
                }
                return value
            }
            func star() -> Int?? {
                guard index < chars.count, chars[index] == "*" else { return .none }
                index += 1
                defer { argIndex += 1 }
                if argIndex < arguments.count, case .int(let value) = arguments[argIndex] { return .some(value) }
                return .some(nil)
            }
            if let starred = star() {
                if let width = starred {
                    spec.width = abs(width)
                    if width < 0 { spec.minus = true }
                } else {
                    out += "%!(BADWIDTH)"
                }
            } else {
                spec.width = number()
            }
            if index < chars.count, chars[index] == "." {
                index += 1
                if let starred = star() {
                    if let precision = starred, precision >= 0 { spec.precision = precision } else { out += "%!(BADPREC)" }
                } else {
                    spec.precision = number() ?? 0
                }
            }
            guard index < chars.count else {
                out += "%!(NOVERB)"
                break
            }
            let verb = Character(chars[index])
            index += 1
            if verb == "%" {
                out += "%"
                continue
            }
            guard argIndex < arguments.count else {
                out += "%!\(verb)(MISSING)"
                continue
            }
            let argument = arguments[argIndex]
            argIndex += 1
            out += formatOne(argument, verb: verb, spec: spec)
        }
        if argIndex < arguments.count {
            let extra = arguments[argIndex...].map { "\($0.goTypeName)=\(GoPrint.value($0))" }
            out += "%!(EXTRA " + extra.joined(separator: ", ") + ")"
        }
        return out
    }

    /// Go's `%!verb(type=value)`; the value is printed with `%v` under the same flags, width and
    /// precision (`%.1d` of "cd" shows `c`).
    static func badVerb(_ value: TemplateValue, _ verb: Character, _ spec: Spec = Spec()) -> String {
        if case .null = value { return "%!\(verb)(<nil>)" }
        return "%!\(verb)(\(value.goTypeName)=\(formatOne(value, verb: "v", spec: spec)))"
    }

    /// Pads `text` to the spec's width; `numeric` lets the `0` flag pad after the sign.
    static func pad(_ text: String, _ spec: Spec, numeric: Bool = false) -> String {
        guard let width = spec.width else { return text }
        let length = text.unicodeScalars.count
        guard length < width else { return text }
        let fill = width - length
        if spec.minus { return text + String(repeating: " ", count: fill) }
        if spec.zero, numeric {
            if let first = text.first, "+- ".contains(first) {
                return String(first) + String(repeating: "0", count: fill) + text.dropFirst()
            }
            return String(repeating: "0", count: fill) + text
        }
        return String(repeating: " ", count: fill) + text
    }
}
