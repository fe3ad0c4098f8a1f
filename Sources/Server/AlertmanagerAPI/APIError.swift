import Alerting
import Foundation
import Hummingbird
import NIOCore

/// A client error of the Alertmanager API: Alertmanager answers 400 with the message as a JSON
/// string body, and so do we.
struct AlertmanagerAPIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String

    static func badRequest(_ message: String) -> AlertmanagerAPIError { AlertmanagerAPIError(status: .badRequest, message: message) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = (try? JSONEncoder().encode(message)) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension Request {
    /// The whole body, refused with a 413 naming the limit when larger than `limit`: at once
    /// from `Content-Length`, else once that many bytes have arrived.
    func collectBody(upTo limit: BodyLimit) async throws -> ByteBuffer {
        if let refusal = limit.refusal(declaredBy: self) { throw AlertmanagerAPIError(status: .contentTooLarge, message: refusal) }
        do {
            return try await body.collect(upTo: limit.bytes)
        } catch is NIOTooManyBytesError {
            throw AlertmanagerAPIError(status: .contentTooLarge, message: limit.streamedRefusal)
        }
    }
}

extension SilenceError {
    var apiError: AlertmanagerAPIError {
        switch self {
        case .invalid(let message): AlertmanagerAPIError(status: .badRequest, message: message)
        case .notFound: AlertmanagerAPIError(status: .notFound, message: description)
        case .alreadyExpired: AlertmanagerAPIError(status: .internalServerError, message: description)
        }
    }
}

/// Renders a JSON decoding failure with the path of the offending value: `[3].labels: ...`.
func describe(_ error: any Error) -> String {
    guard let decoding = error as? DecodingError else { return "\(error)" }
    func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out.isEmpty ? "body" : out
    }
    switch decoding {
    case .typeMismatch(let type, let context): return "\(path(context.codingPath)): expected \(type)"
    case .valueNotFound(let type, let context): return "\(path(context.codingPath)): missing \(type)"
    case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])): required field missing"
    case .dataCorrupted(let context):
        if context.codingPath.isEmpty { return "body: malformed JSON: \(context.debugDescription)" }
        return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default: return "\(error)"
    }
}

/// JSON response with Alertmanager's content type.
func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    let data = try encoder.encode(value)
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}
