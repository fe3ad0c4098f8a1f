public import Foundation

/// One element of a `query` result as Prometheus's templates see it: `.Labels` and `.Value`.
public struct PrometheusSample: Sendable, Hashable {
    public var labels: [String: String]
    public var value: Double

    public init(labels: [String: String], value: Double) {
        self.labels = labels
        self.value = value
    }

    static let type = TemplateType(name: "*template.sample")
    static let resultType = TemplateType(name: "template.queryResult")

    var templateValue: TemplateValue {
        .object(TemplateObject(
            type: PrometheusSample.type, fields: ["Labels": .stringMap(labels), "Value": .float(value)],
            fieldOrder: ["Labels", "Value"]))
    }
}

/// What Prometheus's context-dependent template functions need from the caller.
public struct PrometheusTemplateContext: Sendable {
    /// Runs an instant PromQL query at the evaluation time; throwing fails the template with
    /// `error calling query: <error>`. Called synchronously during execution.
    public var query: @Sendable (String) throws -> [PrometheusSample]
    /// The server's external URL (`externalURL`; its path is `pathPrefix`).
    public var externalURL: URL?

    public init(
        externalURL: URL? = nil,
        query: @escaping @Sendable (String) throws -> [PrometheusSample] = { _ in [] }
    ) {
        self.externalURL = externalURL
        self.query = query
    }
}
