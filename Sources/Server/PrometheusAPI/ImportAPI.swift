import Foundation
import Hummingbird
import Ingest
import Metrics
import TSDB

/// `POST /api/v1/import/prometheus`: samples in the Prometheus text format or OpenMetrics, as
/// VictoriaMetrics' endpoint of that name takes them. The body is parsed as it streams in and
/// committed every `commitEvery` samples (bodies of several GB never sit in memory).
///
/// Answers: 204 when every line was valid and every sample stored; 200 with a text report when
/// all lines were valid but the TSDB rejected some samples (out of order, duplicates, too old);
/// 400 with the report (the first invalid lines with their numbers) when any line was invalid
/// (the valid lines are stored); 413 when the body exceeds `bodyLimit` (refused up front from
/// `Content-Length`, else reading stops there; what was committed before stays stored).
/// Timestamp units: `TimestampUnit.forContentType` and `ExpositionParser` (OpenMetrics
/// content type: seconds; otherwise decided from the body, so both peer-bench bodies work).
struct ImportAPI: Sendable {
    let db: TimeSeriesDB
    /// Read per request: `storage.ingest.max_import_body` in force, changed by a reload.
    var bodyLimit: @Sendable () -> BodyLimit = { IngestLimits().importBody }
    var commitEvery: Int = 50_000
    /// Series spellings of earlier bodies and their head series (a cache per database).
    var cache = SeriesRefCache()
    var nowMilliseconds: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.post("api/v1/import/prometheus", use: post)
    }

    @Sendable func post(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let limit = bodyLimit()
        if let refusal = limit.refusal(declaredBy: request) {
            Counter(label: "vigil_import_requests_total", dimensions: [("code", "413")]).increment()
            return Self.text(.contentTooLarge, refusal + "\n")
        }
        let unit = TimestampUnit.forContentType(request.headers[.contentType])
        var importer = TextImporter(db: db, timestampUnit: unit, arrivalTime: nowMilliseconds(), commitEvery: commitEvery,
                                    cache: cache)
        var tooLarge = false
        for try await buffer in request.body {
            if importer.bytes + buffer.readableBytes > limit.bytes {
                tooLarge = true
                break
            }
            try buffer.withUnsafeReadableBytes { try importer.feed($0) }
        }
        if tooLarge {
            let summary = try importer.stop()
            record(summary, code: "413")
            return Self.text(.contentTooLarge, "\(limit.streamedRefusal); stopped reading after \(summary.bytes) bytes\n" + summary.report)
        }
        let summary = try importer.finish()
        if summary.invalidLines > 0 {
            record(summary, code: "400")
            return Self.text(.badRequest, summary.report)
        }
        if summary.rejected.total > 0 {
            record(summary, code: "200")
            return Self.text(.ok, summary.report)
        }
        record(summary, code: "204")
        return Response(status: .noContent)
    }

    private func record(_ summary: ImportSummary, code: String) {
        Counter(label: "vigil_import_requests_total", dimensions: [("code", code)]).increment()
        Counter(label: "vigil_import_samples_total", dimensions: [("result", "stored")]).increment(by: summary.accepted)
        Counter(label: "vigil_import_samples_total", dimensions: [("result", "rejected")]).increment(by: summary.rejected.total)
        Counter(label: "vigil_import_invalid_lines_total").increment(by: summary.invalidLines)
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
