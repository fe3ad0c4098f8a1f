import Foundation
import Hummingbird
import PromQL
import TSDB
import VigilCore

/// Prometheus's query API over the embedded store, so Grafana and other tools work unchanged:
/// `/api/v1/query`, `/api/v1/query_range`, `/api/v1/series`, `/api/v1/labels`,
/// `/api/v1/label/{name}/values`, `/api/v1/status/buildinfo` (`/api/v1/metadata` is `MetadataAPI`).
struct QueryAPI: Sendable {
    let storage: TimeSeriesDB
    let engine: Engine
    let clock: any VigilCore.Clock

    func addRoutes(to router: Router<VigilRequestContext>) {
        for path in ["api/v1/query"] {
            router.get(RouterPath(stringLiteral: path), use: instant)
            router.post(RouterPath(stringLiteral: path), use: instant)
        }
        router.get("api/v1/query_range", use: range)
        router.post("api/v1/query_range", use: range)
        router.get("api/v1/series", use: series)
        router.post("api/v1/series", use: series)
        router.get("api/v1/labels", use: labels)
        router.post("api/v1/labels", use: labels)
        router.get("api/v1/label/{name}/values", use: labelValues)
        router.get("api/v1/status/buildinfo") { _, _ in
            PrometheusResponse.success(data: #"{"version":"\#(VigilVersion.version)","revision":"\#(VigilVersion.revision)","branch":"main","buildUser":"vigil","buildDate":"","goVersion":"swift"}"#)
        }
    }

    private var now: Int64 { Int64((clock.now().timeIntervalSince1970 * 1000).rounded()) }

    private func parse(_ parameters: QueryParameters) throws -> Expr {
        guard let query = parameters["query"], !query.isEmpty else {
            throw PrometheusResponse.badData("invalid parameter \"query\": query must not be empty")
        }
        do { return try engine.parse(query) } catch {
            throw PrometheusResponse.badData("invalid parameter \"query\": \(error)")
        }
    }

    private func run(at time: Int64, _ body: () throws -> (QueryResult, [Annotation])) throws -> Response {
        do {
            let (result, annotations) = try body()
            return PrometheusResponse.success(data: PrometheusResponse.data(result, at: time), warnings: annotations.map(\.description))
        } catch let error as EvalError {
            throw PrometheusResponse.Failure(type: .execution, message: error.message)
        } catch let error as PrometheusResponse.Failure {
            throw error
        } catch {
            throw PrometheusResponse.Failure(type: .execution, message: "\(error)")
        }
    }

    @Sendable func instant(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let parameters = try await QueryParameters.read(request, context: context)
        let expr = try parse(parameters)
        let time = try parameters.time("time", default: now)
        return try run(at: time) { try engine.instantQuery(expr, at: time, storage: storage) }
    }

    @Sendable func range(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let parameters = try await QueryParameters.read(request, context: context)
        let expr = try parse(parameters)
        guard parameters["start"] != nil else { throw PrometheusResponse.badData("invalid parameter \"start\": missing") }
        guard parameters["end"] != nil else { throw PrometheusResponse.badData("invalid parameter \"end\": missing") }
        let start = try parameters.time("start", default: 0)
        let end = try parameters.time("end", default: 0)
        if end < start { throw PrometheusResponse.badData("end timestamp must not be before start time") }
        guard let step = try parameters.duration("step") else { throw PrometheusResponse.badData("invalid parameter \"step\": missing") }
        if step <= 0 {
            throw PrometheusResponse.badData("zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        if (end - start) / step > 11_000 {
            throw PrometheusResponse.badData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
        }
        return try run(at: end) { try engine.rangeQuery(expr, start: start, end: end, step: step, storage: storage) }
    }

    private func matchers(_ parameters: QueryParameters, required: Bool) throws -> [[LabelMatcher]] {
        let selectors = parameters.all("match[]")
        if selectors.isEmpty, required { throw PrometheusResponse.badData("no match[] parameter provided") }
        return try selectors.map { text in
            do { return try engine.selectorMatchers(text) } catch {
                throw PrometheusResponse.badData("invalid parameter \"match[]\": \(error)")
            }
        }
    }

    @Sendable func series(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let parameters = try await QueryParameters.read(request, context: context)
        let sets = try matchers(parameters, required: true)
        let start = try parameters.time("start", default: Int64.min / 2), end = try parameters.time("end", default: Int64.max / 2)
        var seen = Set<Labels>(), found: [Labels] = []
        for set in sets {
            for labels in try storage.series(set, mint: start, maxt: end) where seen.insert(labels).inserted { found.append(labels) }
        }
        found.sort(by: Labels.precedes)
        var out = "["
        for (index, labels) in found.enumerated() {
            if index > 0 { out += "," }
            PrometheusResponse.appendLabels(labels, to: &out)
        }
        return PrometheusResponse.success(data: out + "]")
    }

    @Sendable func labels(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let parameters = try await QueryParameters.read(request, context: context)
        let start = try parameters.time("start", default: Int64.min / 2), end = try parameters.time("end", default: Int64.max / 2)
        var names = Set<String>()
        let sets = try matchers(parameters, required: false)
        for set in sets.isEmpty ? [[]] : sets {
            names.formUnion(try storage.labelNames(matching: set, mint: start, maxt: end))
        }
        return PrometheusResponse.success(data: Self.stringList(names.sorted()))
    }

    @Sendable func labelValues(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let parameters = try await QueryParameters.read(request, context: context)
        let name = try context.parameters.require("name")
        let start = try parameters.time("start", default: Int64.min / 2), end = try parameters.time("end", default: Int64.max / 2)
        var values = Set<String>()
        let sets = try matchers(parameters, required: false)
        for set in sets.isEmpty ? [[]] : sets {
            values.formUnion(try storage.labelValues(name, matching: set, mint: start, maxt: end))
        }
        return PrometheusResponse.success(data: Self.stringList(values.sorted()))
    }

    static func stringList(_ items: [String]) -> String {
        var out = "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            PrometheusResponse.appendJSONString(item, to: &out)
        }
        return out + "]"
    }
}
