import Foundation
import Hummingbird
import Ingest
import Logging
import Metrics
import TSDB

/// `POST /api/v1/write`: Prometheus remote write 1.0, a snappy-compressed (block format)
/// protobuf `WriteRequest`, so an existing Prometheus can forward everything to Vigil.
///
/// The body is read whole (up to `bodyLimit`), decompressed (up to `maxDecodedBytes`) and
/// decoded and checked whole before anything is stored: a request refused for its encoding or
/// its labels stores nothing. Answers:
/// - 204: every sample stored.
/// - 400: bad snappy, bad protobuf or an invalid label set (the message names the byte offset
///   and the series index); nothing stored.
/// - 400: some samples were refused by the TSDB (out of order, duplicate timestamp with another
///   value, too old), with the import endpoint's report. Prometheus 2.42 answers 400 here too
///   (`storage/remote/write_handler.go`), so the sender drops the batch instead of retrying it
///   forever; unlike Prometheus, which rolls the whole request back at the first such sample,
///   Vigil keeps the request's other samples.
/// - 413: the body or its decompressed size exceeds the limits.
/// - 415: a `Content-Encoding` other than `snappy`.
/// Exemplars, native histograms and metadata are skipped and counted
/// (`vigil_remote_write_ignored_total`).
struct RemoteWriteAPI: Sendable {
    let db: TimeSeriesDB
    /// Compressed body limit, read per request: `storage.ingest.max_remote_write_body` in force.
    var bodyLimit: @Sendable () -> BodyLimit = { IngestLimits().remoteWriteBody }
    /// Decompressed message limit, in bytes.
    var maxDecodedBytes: Int = 256 << 20
    var commitEvery: Int = 50_000
    /// Label spellings of earlier requests and their head series (a cache per database).
    var cache = SeriesRefCache()

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.post("api/v1/write", use: post)
    }

    @Sendable func post(_ request: Request, context: VigilRequestContext) async throws -> Response {
        if let encoding = request.headers[.contentEncoding], encoding.lowercased() != "snappy" {
            return refuse(.unsupportedMediaType, "unsupported Content-Encoding \"\(encoding)\": remote write bodies are snappy-compressed\n",
                          context: context)
        }
        let limit = bodyLimit()
        if let refusal = limit.refusal(declaredBy: request) { return refuse(.contentTooLarge, refusal + "\n", context: context) }
        var body = ByteBuffer()
        for try await buffer in request.body {
            if body.readableBytes + buffer.readableBytes > limit.bytes {
                return refuse(.contentTooLarge, limit.streamedRefusal + "\n", context: context)
            }
            body.writeImmutableBuffer(buffer)
        }

        let decoded: RemoteWriteRequest
        do {
            let limit = maxDecodedBytes
            let message = try body.withUnsafeReadableBytes { try Snappy.decompress($0, maxLength: limit) }
            decoded = try message.withUnsafeBytes { try RemoteWriteDecoder.decode($0, cache: cache) }
        } catch let error as SnappyError {
            let status: HTTPResponse.Status = error.kind == .tooLarge ? .contentTooLarge : .badRequest
            return refuse(status, "\(error)\n", context: context)
        } catch let error as RemoteWriteError {
            return refuse(.badRequest, "protobuf: \(error)\n", context: context)
        }

        let summary = try RemoteWriteImporter.store(decoded, into: db, commitEvery: commitEvery, cache: cache)
        if summary.rejected.total > 0 {
            record(summary, code: "400")
            context.logger.warning("remote write samples rejected", metadata: [
                "remote_write.samples": "\(summary.samples)", "remote_write.rejected": "\(summary.rejected.total)",
            ])
            return Self.text(.badRequest, summary.report)
        }
        record(summary, code: "204")
        return Response(status: .noContent)
    }

    private func refuse(_ status: HTTPResponse.Status, _ message: String, context: VigilRequestContext) -> Response {
        Counter(label: "vigil_remote_write_requests_total", dimensions: [("code", "\(status.code)")]).increment()
        context.logger.warning("remote write request refused", metadata: [
            "http.status": "\(status.code)", "error": "\(message.trimmingCharacters(in: .newlines))",
        ])
        return Self.text(status, message)
    }

    private func record(_ summary: RemoteWriteSummary, code: String) {
        Counter(label: "vigil_remote_write_requests_total", dimensions: [("code", code)]).increment()
        Counter(label: "vigil_remote_write_samples_total", dimensions: [("result", "stored")]).increment(by: summary.accepted)
        Counter(label: "vigil_remote_write_samples_total", dimensions: [("result", "rejected")]).increment(by: summary.rejected.total)
        for (kind, count) in [("exemplar", summary.exemplars), ("histogram", summary.histograms), ("metadata", summary.metadata)]
        where count > 0 {
            Counter(label: "vigil_remote_write_ignored_total", dimensions: [("kind", kind)]).increment(by: count)
        }
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
