// The Go types of Alertmanager's notification data (`template/template.go`): `KV`, `Pair`,
// `Pairs`, `Alert`, `Alerts`, `Data`, with their methods, so `.Labels.SortedPairs`,
// `.CommonLabels.Remove .GroupLabels.Names` and `.Alerts.Firing` work as in Alertmanager.

/// Type descriptions of Alertmanager's template data.
///
/// Alertmanager 0.26 gave `KV` and `Pairs` a `String()` method (`{{ .CommonLabels }}` prints
/// `alertname=X, job=y`); 0.25 prints them as Go maps and slices (`map[alertname:X job:y]`).
/// Pick the family matching the Alertmanager to be compatible with.
public struct AlertmanagerTypes: Sendable {
    /// `template.Pair`: `{Name, Value}`.
    public let pair = TemplateType(name: "template.Pair")
    /// `template.Pairs`: a list of pairs with `Names` and `Values`.
    public let pairs: TemplateType
    /// `template.KV`: a string map with `SortedPairs` (alertname first), `Names`, `Values`, `Remove`.
    public let kv: TemplateType
    /// `template.Alert`.
    public let alert = TemplateType(name: "template.Alert", jsonNames: [
        "Status": "status", "Labels": "labels", "Annotations": "annotations", "StartsAt": "startsAt",
        "EndsAt": "endsAt", "GeneratorURL": "generatorURL", "Fingerprint": "fingerprint",
    ])
    /// `template.Alerts`: a list of alerts with `Firing` and `Resolved`.
    public let alerts = TemplateType(
        name: "template.Alerts",
        methods: [
            "Firing": TemplateMethod { receiver, _ in AlertmanagerTypes.alerts(receiver, withStatus: "firing") },
            "Resolved": TemplateMethod { receiver, _ in AlertmanagerTypes.alerts(receiver, withStatus: "resolved") },
        ])
    /// `template.Data`.
    public let data = TemplateType(name: "template.Data", jsonNames: [
        "Receiver": "receiver", "Status": "status", "Alerts": "alerts", "GroupLabels": "groupLabels",
        "CommonLabels": "commonLabels", "CommonAnnotations": "commonAnnotations", "ExternalURL": "externalURL",
    ])

    /// `[]template.Alert`, what `Firing` and `Resolved` return (no methods of their own).
    public static let alertSlice = TemplateType(name: "[]template.Alert")

    /// Alertmanager 0.25 (Debian's package, the peer suite): no `String()` on `KV` and `Pairs`.
    public static let v0_25 = AlertmanagerTypes(stringers: false)
    /// Alertmanager 0.26 and later.
    public static let current = AlertmanagerTypes(stringers: true)

    init(stringers: Bool) {
        let pairsStringer: (@Sendable (TemplateValue) -> String)? = { receiver in
            zip(Self.pairStrings(receiver, field: "Name"), Self.pairStrings(receiver, field: "Value"))
                .map { "\($0)=\($1)" }.joined(separator: ", ")
        }
        let kvStringer: (@Sendable (TemplateValue) -> String)? = { receiver in
            guard case .map(let map) = receiver else { return "" }
            return Self.sortedKeys(receiver).map { "\($0)=\(map.entries[$0]?.stringValue ?? "")" }
                .joined(separator: ", ")
        }
        let pairs = TemplateType(
            name: "template.Pairs",
            methods: [
                "Names": TemplateMethod { receiver, _ in .stringList(Self.pairStrings(receiver, field: "Name")) },
                "Values": TemplateMethod { receiver, _ in .stringList(Self.pairStrings(receiver, field: "Value")) },
            ],
            stringer: stringers ? pairsStringer : nil)
        let pair = self.pair
        self.pairs = pairs
        kv = TemplateType(
            name: "template.KV",
            methods: [
                "SortedPairs": TemplateMethod { receiver, _ in Self.sortedPairs(receiver, pair: pair, pairs: pairs) },
                "Names": TemplateMethod { receiver, _ in .stringList(Self.sortedKeys(receiver)) },
                "Values": TemplateMethod { receiver, _ in
                    guard case .map(let map) = receiver else { return .stringList([]) }
                    return .stringList(Self.sortedKeys(receiver).map { map.entries[$0]?.stringValue ?? "" })
                },
                "Remove": TemplateMethod(arity: 1) { receiver, arguments in
                    let removed = Set(try arguments.stringList(at: 0))
                    guard case .map(var map) = receiver else { return receiver }
                    map.entries = map.entries.filter { !removed.contains($0.key) }
                    return .map(map)
                },
            ],
            stringer: stringers ? kvStringer : nil)
    }

    /// A `KV` value.
    public func kv(_ entries: [String: String]) -> TemplateValue {
        .stringMap(entries, type: kv)
    }

    private static func sortedKeys(_ receiver: TemplateValue) -> [String] {
        guard case .map(let map) = receiver else { return [] }
        let rest = map.entries.keys.filter { $0 != "alertname" }.sorted(by: goLess)
        return map.entries["alertname"] == nil ? rest : ["alertname"] + rest
    }

    private static func sortedPairs(_ receiver: TemplateValue, pair: TemplateType, pairs: TemplateType) -> TemplateValue {
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
