/// Go's `fmt.Sprint` family over template values.
enum GoPrint {
    /// `%v` of one value, as `fmt` prints it (Stringers first, then by kind).
    static func value(_ value: TemplateValue, plus: Bool = false) -> String {
        if let stringer = value.typeInfo?.stringer { return stringer(value) }
        switch value {
        case .null: return "<nil>"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return GoFloat.shortest(number)
        case .string(let text): return text
        case .time(let time): return time.goDescription
        case .duration(let nanoseconds): return goDurationDescription(nanoseconds)
        case .list(let list):
            return "[" + list.elements.map { self.value($0, plus: plus) }.joined(separator: " ") + "]"
        case .map(let map):
            let pairs = map.sortedKeys.map { key in
                "\(key):\(self.value(map.entries[key] ?? .null, plus: plus))"
            }
            return "map[" + pairs.joined(separator: " ") + "]"
        case .object(let object):
            let fields = object.fieldOrder.map { name in
                let text = self.value(object.fields[name] ?? .null, plus: plus)
                return plus ? "\(name):\(text)" : text
            }
            return "{" + fields.joined(separator: " ") + "}"
        case .function(let function): return "func \(function.typeName)"
        }
    }

    /// `fmt.Sprint`: operands concatenated, with a space between two operands neither of which is a string.
    static func sprint(_ values: [TemplateValue]) -> String {
        var out = ""
        var previousIsString = false
        for (index, item) in values.enumerated() {
            let isString = item.stringValue != nil
            if index > 0, !isString, !previousIsString { out += " " }
            out += value(item)
            previousIsString = isString
        }
        return out
    }

    /// `fmt.Sprintln`: operands separated by spaces, then a newline.
    static func sprintln(_ values: [TemplateValue]) -> String {
        values.map { value($0) }.joined(separator: " ") + "\n"
    }
}
