/// One name/value pair of a label set.
public struct Label: Hashable, Sendable, Comparable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public static func < (lhs: Label, rhs: Label) -> Bool {
        lhs.name != rhs.name ? lhs.name < rhs.name : lhs.value < rhs.value
    }

    /// The reserved label holding a metric's name.
    public static let metricName = "__name__"
}
