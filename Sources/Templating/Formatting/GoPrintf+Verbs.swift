extension GoPrintf {
    /// One operand under one verb.
    static func formatOne(_ value: TemplateValue, verb: Character, spec: Spec) -> String {
        if verb == "T" { return pad(value.goTypeName, spec) }
        // Stringers (time.Time, KV, Pairs…) print through String() for the string-ish verbs.
        if let stringer = value.typeInfo?.stringer, "vsqxX".contains(verb) {
            return formatString(stringer(value), verb: verb, spec: spec) ?? badVerb(value, verb, spec)
        }
        switch value {
        case .null:
            return verb == "v" ? pad("<nil>", spec) : badVerb(value, verb, spec)
        case .bool(let flag):
            return "vt".contains(verb) ? pad(flag ? "true" : "false", spec) : badVerb(value, verb, spec)
        case .int(let number):
            return formatInt(number, verb: verb, spec: spec) ?? badVerb(value, verb, spec)
        case .duration(let nanoseconds):
            if "vs".contains(verb) { return pad(goDurationDescription(nanoseconds), spec) }
            return formatInt(Int(nanoseconds), verb: verb, spec: spec) ?? badVerb(value, verb, spec)
        case .float(let number):
            return formatFloat(number, verb: verb, spec: spec) ?? badVerb(value, verb, spec)
        case .string(let text):
            return formatString(text, verb: verb, spec: spec) ?? badVerb(value, verb, spec)
        case .time(let time):
            return formatString(time.goDescription, verb: verb, spec: spec) ?? badVerb(value, verb, spec)
        case .list(let list):
            if verb == "s" || verb == "v" || verb == "d" || verb == "q" || verb == "x" || verb == "f" {
                let items = list.elements.map { formatOne($0, verb: verb, spec: Spec(plus: spec.plus, precision: spec.precision)) }
                return pad("[" + items.joined(separator: " ") + "]", spec)
            }
            return badVerb(value, verb, spec)
        case .map(let map):
            let items = map.sortedKeys.map { key in
                key + ":" + formatOne(map.entries[key] ?? .null, verb: verb, spec: Spec(plus: spec.plus))
            }
            return pad("map[" + items.joined(separator: " ") + "]", spec)
        case .object, .function:
            return verb == "v" || verb == "s" ? pad(GoPrint.value(value, plus: spec.plus), spec) : badVerb(value, verb, spec)
        }
    }

    static func formatString(_ text: String, verb: Character, spec: Spec) -> String? {
        switch verb {
        case "v", "s":
            var shown = text
            if let precision = spec.precision {
                shown = String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
            }
            return pad(shown, spec)
        case "q":
            if spec.sharp, !text.contains("`"), text.unicodeScalars.allSatisfy({ $0 == "\t" || isGoPrintable($0) }) {
                return pad("`" + text + "`", spec)
            }
            return pad(goQuote(text), spec)
        case "x", "X":
            let hex = text.utf8.map { hexDigits(UInt32($0), width: 2, uppercase: verb == "X") }
            return pad(hex.joined(separator: spec.space ? " " : ""), spec)
        default:
            return nil
        }
    }

    static func formatInt(_ number: Int, verb: Character, spec: Spec) -> String? {
        let magnitude = number.magnitude
        var prefix = ""
        var digits: String
        switch verb {
        case "v", "d": digits = String(magnitude)
        case "b": digits = String(magnitude, radix: 2)
        case "o", "O":
            digits = String(magnitude, radix: 8)
            if verb == "O" { prefix = "0o" } else if spec.sharp { prefix = "0" }
        case "x", "X":
            digits = String(magnitude, radix: 16, uppercase: verb == "X")
            if spec.sharp { prefix = verb == "x" ? "0x" : "0X" }
        case "c":
            return pad(Unicode.Scalar(UInt32(truncatingIfNeeded: number)).map { String(Character($0)) } ?? "\u{FFFD}", spec)
        case "q":
            let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: number)) ?? "\u{FFFD}"
            let quoted = goQuote(String(scalar))
            return pad("'" + quoted.dropFirst().dropLast().replacingOccurrences("\"", "\"") + "'", spec)
        case "U":
            return pad("U+" + hexDigits(UInt32(truncatingIfNeeded: number), width: 4, uppercase: true), spec)
        default:
            return nil
        }
        if let precision = spec.precision, digits.count < precision {
            digits = String(repeating: "0", count: precision - digits.count) + digits
        }
        let sign = number < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : ""
        var zeroSpec = spec
        if spec.precision != nil { zeroSpec.zero = false }
        return pad(sign + prefix + digits, zeroSpec, numeric: true)
    }

    static func formatFloat(_ number: Double, verb: Character, spec: Spec) -> String? {
        var text: String
        switch verb {
        case "v", "g", "G":
            if let precision = spec.precision {
                text = GoFloat.format(number, verb: verb == "G" ? "G" : "g", precision: max(precision, 1))
            } else {
                text = GoFloat.shortest(number, verb: verb == "G" ? "G" : "g")
            }
        case "e", "E":
            if let precision = spec.precision {
                text = GoFloat.format(number, verb: verb, precision: precision)
            } else {
                text = GoFloat.format(number, verb: verb, precision: 6)
            }
        case "f", "F":
            text = GoFloat.format(number, verb: "f", precision: spec.precision ?? 6)
        default:
            return nil
        }
        let isSpecial = number.isNaN || number.isInfinite
        if spec.plus, !text.hasPrefix("-"), !text.hasPrefix("+") {
            text = "+" + text
        } else if spec.space, !text.hasPrefix("-"), !text.hasPrefix("+") {
            text = " " + text
        } else if !spec.plus, number.isInfinite, number > 0, !spec.space {
            text = "+Inf"
        }
        return pad(text, spec, numeric: !isSpecial)
    }
}
