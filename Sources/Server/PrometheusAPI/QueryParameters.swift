import Foundation
import Hummingbird
import NIOCore
import Alerting
import VigilCore

/// The parameters of a Prometheus API call, from the query string and, for a form POST, the
/// body (`application/x-www-form-urlencoded`), as Prometheus's `r.FormValue` reads them.
struct QueryParameters {
    private var values: [String: [String]] = [:]

    static func read(_ request: Request, context: VigilRequestContext) async throws -> QueryParameters {
        var parameters = QueryParameters()
        // The raw query string, decoded as Go's url.ParseQuery does (`+` is a space).
        if let query = request.uri.query { parameters.add(form: query) }
        if request.method == .post,
           request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            parameters.add(form: String(buffer: body))
        }
        return parameters
    }

    private mutating func add(form text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0]), value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[key, default: []].append(value)
        }
    }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }

    subscript(_ name: String) -> String? { values[name]?.first }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// A time parameter: RFC 3339 or (fractional) Unix seconds, in milliseconds.
    func time(_ name: String, default defaultValue: Int64) throws -> Int64 {
        guard let text = self[name], !text.isEmpty else { return defaultValue }
        if let seconds = Double(text), seconds.isFinite {
            return Int64((seconds * 1000).rounded())
        }
        if let date = GoTime.parse(text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        throw PrometheusResponse.badData("invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid timestamp")
    }

    /// A duration parameter: Prometheus duration (`15s`) or (fractional) seconds, in milliseconds.
    func duration(_ name: String) throws -> Int64? {
        guard let text = self[name], !text.isEmpty else { return nil }
        if let seconds = Double(text), seconds.isFinite { return Int64((seconds * 1000).rounded()) }
        if let duration = try? PromDuration(parsing: text) { return duration.milliseconds }
        throw PrometheusResponse.badData("invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid duration")
    }
}
