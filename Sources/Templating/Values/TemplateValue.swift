public import Foundation

/// A dynamically typed value that templates read: the data handed to `execute`, variables, and
/// what functions take and return.
///
/// It models the Go values Prometheus and Alertmanager hand to `text/template`:
/// ```swift
/// let data: TemplateValue = .object(TemplateObject(type: alertType, fields: [
///     "Labels": .stringMap(["job": "api"]),   // missing keys read as "" like map[string]string
///     "Value": .float(0.25),
/// ]))
/// ```
/// Maps range in sorted key order, as Go's maps do.
public indirect enum TemplateValue: Sendable {
    /// Go's nil / no value. Printed by an action as `<no value>`, by `print` as `<nil>`.
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A Go `time.Time`.
    case time(TemplateTime)
    /// A Go `time.Duration`, in nanoseconds.
    case duration(Int64)
    case list(TemplateList)
    case map(TemplateMap)
    case object(TemplateObject)
    /// A function value, for `call`.
    case function(TemplateFunction)
}

/// A slice; its ``TemplateType`` names it and may give it methods (Alertmanager's `Alerts.Firing`).
public struct TemplateList: Sendable {
    public var elements: [TemplateValue]
    public var type: TemplateType

    public init(_ elements: [TemplateValue], type: TemplateType = .interfaceList) {
        self.elements = elements
        self.type = type
    }
}

/// A map with string keys.
///
/// `missingValue` is what a missing key reads as: `""` for Go's `map[string]string` (Prometheus's
/// `$labels`, Alertmanager's `KV`), `.null` (printed `<no value>`) for `map[string]interface{}`.
public struct TemplateMap: Sendable {
    public var entries: [String: TemplateValue]
    public var type: TemplateType
    public var missingValue: TemplateValue

    public init(_ entries: [String: TemplateValue], type: TemplateType = .interfaceMap, missingValue: TemplateValue = .null) {
        self.entries = entries
        self.type = type
        self.missingValue = missingValue
    }

    /// Keys in Go's map iteration order for templates: sorted by bytes.
    public var sortedKeys: [String] { entries.keys.sorted(by: goLess) }
}

/// A struct: named fields (printed in `fieldOrder`) plus the methods of its ``TemplateType``.
public struct TemplateObject: Sendable {
    public var type: TemplateType
    public var fields: [String: TemplateValue]
    /// The order `print` lists fields in (Go's declaration order).
    public var fieldOrder: [String]

    /// - Parameters:
    ///   - fields: field values by name; printing the object lists them in key order unless
    ///     `fieldOrder` is given.
    public init(type: TemplateType, fields: [String: TemplateValue], fieldOrder: [String]? = nil) {
        self.type = type
        self.fields = fields
        self.fieldOrder = fieldOrder ?? fields.keys.sorted(by: goLess)
    }
}

/// Go's string ordering: bytewise over UTF-8.
func goLess(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
}

extension TemplateValue {
    /// A `map[string]string`: missing keys read as the empty string.
    public static func stringMap(_ entries: [String: String], type: TemplateType = .stringMap) -> TemplateValue {
        .map(TemplateMap(entries.mapValues { .string($0) }, type: type, missingValue: .string("")))
    }

    /// A `[]string`.
    public static func stringList(_ elements: [String], type: TemplateType = .stringList) -> TemplateValue {
        .list(TemplateList(elements.map { .string($0) }, type: type))
    }

    /// A `[]interface{}`.
    public static func list(_ elements: [TemplateValue]) -> TemplateValue {
        .list(TemplateList(elements))
    }

    /// A `time.Time` in `timeZone` (UTC unless given).
    public static func time(_ date: Date, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) -> TemplateValue {
        .time(TemplateTime(date, timeZone: timeZone))
    }

    /// The string inside `.string`, else nil.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Go's truth for `if`, `with`, `and`, `or`, `not`: false for nil, false, 0, "" and empty
    /// lists and maps; true otherwise.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .float(let value): value != 0
        case .string(let value): !value.isEmpty
        case .duration(let value): value != 0
        case .list(let list): !list.elements.isEmpty
        case .map(let map): !map.entries.isEmpty
        case .time, .object, .function: true
        }
    }

    /// The Go type name used in messages and by `%T`.
    public var goTypeName: String {
        switch self {
        case .null: "<nil>"
        case .bool: "bool"
        case .int: "int"
        case .float: "float64"
        case .string: "string"
        case .time: "time.Time"
        case .duration: "time.Duration"
        case .list(let list): list.type.name
        case .map(let map): map.type.name
        case .object(let object): object.type.name
        case .function(let function): function.typeName
        }
    }

    var typeInfo: TemplateType? {
        switch self {
        case .time: TemplateTime.type
        case .duration: TemplateTime.durationType
        case .list(let list): list.type
        case .map(let map): map.type
        case .object(let object): object.type
        default: nil
        }
    }
}
