// The Go types of Alertmanager's notification data (`template/template.go`): `KV`, `Pair`,
// `Pairs`, `Alert`, `Alerts`, `Data`, with their methods, so `.Labels.SortedPairs`,
// `.CommonLabels.Remove .GroupLabels.Names` and `.Alerts.Firing` work as in Alertmanager.

/// Type descriptions of Alertmanager's template data.
public enum AlertmanagerTypes {
    /// `template.Pair`: `{Name, Value}`.
    public static let pair = TemplateType(name: "template.Pair")

    /// `template.Pairs`: a list of pairs with `Names`, `Values` and a `name=value, …` String().
    public static let pairs = TemplateType(
        name: "template.Pairs",
        methods: [
            "Names": TemplateMethod { receiver, _ in .stringList(pairStrings(receiver, field: "Name")) },
            "Values": TemplateMethod { receiver, _ in .stringList(pairStrings(receiver, field: "Value")) },
        ],
        stringer: { receiver in
            zip(pairStrings(receiver, field: "Name"), pairStrings(receiver, field: "Value"))
                .map { "\($0)=\($1)" }.joined(separator: ", ")
        })

    /// `template.KV`: a string map whose `SortedPairs` puts `alertname` first, then sorts by name.
    public static let kv = TemplateType(
        name: "template.KV",
        methods: [
            "SortedPairs": TemplateMethod { receiver, _ in sortedPairs(receiver) },
            "Names": TemplateMethod { receiver, _ in .stringList(sortedKeys(receiver)) },
            "Values": TemplateMethod { receiver, _ in
                guard case .map(let map) = receiver else { return .stringList([]) }
                return .stringList(sortedKeys(receiver).map { map.entries[$0]?.stringValue ?? "" })
            },
            "Remove": TemplateMethod(arity: 1) { receiver, arguments in
                let removed = Set(try arguments.stringList(at: 0))
                guard case .map(var map) = receiver else { return receiver }
                map.entries = map.entries.filter { !removed.contains($0.key) }
                return .map(map)
            },
        ],
        stringer: { receiver in
            sortedKeys(receiver).map { key in
                guard case .map(let map) = receiver else { return "" }
                return "\(key)=\(map.entries[key]?.stringValue ?? "")"
            }.joined(separator: ", ")
        })

    /// `template.Alert`.
    public static let alert = TemplateType(name: "template.Alert")

    /// `template.Alerts`: a list of alerts with `Firing` and `Resolved`.
    public static let alerts = TemplateType(
        name: "template.Alerts",
        methods: [
            "Firing": TemplateMethod { receiver, _ in alerts(receiver, withStatus: "firing") },
            "Resolved": TemplateMethod { receiver, _ in alerts(receiver, withStatus: "resolved") },
        ])

    /// `[]template.Alert`, what `Firing` and `Resolved` return (no methods of their own).
    public static let alertSlice = TemplateType(name: "[]template.Alert")

    /// `template.Data`.
    public static let data = TemplateType(name: "template.Data")

    /// A `KV` value.
    public static func kv(_ entries: [String: String]) -> TemplateValue {
        .stringMap(entries, type: kv)
    }

    private static func sortedKeys(_ receiver: TemplateValue) -> [String] {
        guard case .map(let map) = receiver else { return [] }
        let rest = map.entries.keys.filter { $0 != "alertname" }.sorted(by: goLess)
        return map.entries["alertname"] == nil ? rest : ["alertname"] + rest
    }

    private static func sortedPairs(_ receiver: TemplateValue) -> TemplateValue {
        guard case .map(let map) = receiver else { return .list(TemplateList([], type: pairs)) }
        let elements = sortedKeys(receiver).map { key -> TemplateValue in
            .object(TemplateObject(
                type: pair, fields: ["Name": .string(key), "Value": map.entries[key] ?? .string("")],
                fieldOrder: ["Name", "Value"]))
        }
        return .list(TemplateList(elements, type: pairs))
    }

    private static func pairStrings(_ receiver: TemplateValue, field: String) -> [String] {
        guard case .list(let list) = receiver else { return [] }
        return list.elements.map { element in
            guard case .object(let object) = element else { return "" }
            return object.fields[field]?.stringValue ?? ""
        }
    }

    private static func alerts(_ receiver: TemplateValue, withStatus status: String) -> TemplateValue {
        guard case .list(let list) = receiver else { return .list(TemplateList([], type: alertSlice)) }
        let matching = list.elements.filter { element in
            guard case .object(let object) = element else { return false }
            return object.fields["Status"]?.stringValue == status
        }
        return .list(TemplateList(matching, type: alertSlice))
    }
}
