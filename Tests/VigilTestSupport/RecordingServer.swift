import Foundation
import Hummingbird
import Logging
import NIOCore

/// One request as the server saw it.
public struct RecordedRequest: Sendable {
    public var method: String
    public var path: String
    public var headers: [String: String]  // lower-cased names
    public var body: [UInt8]

    public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
}

/// What the server has received, in order.
public actor RequestLog {
    public private(set) var requests: [RecordedRequest] = []
    /// When set, every request is answered with this status (a receiver that is down).
    public private(set) var forcedStatus: Int?
    /// Requests answered with `forcedStatus`, not recorded as received.
    public private(set) var refused = 0
    func append(_ request: RecordedRequest) { requests.append(request) }
    public func force(status: Int?) { forcedStatus = status }
    func countRefused() { refused += 1 }
}

/// A real HTTP server on 127.0.0.1 (a random port) that records every request. `POST /status/<code>`
/// answers `<code>` with a PagerDuty-style JSON error body; any other path answers 200.
public struct RecordingServer: Sendable {
    public let port: Int
    public let log: RequestLog

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Runs `body` while the server runs; stops it afterwards, also when `body` throws.
    public static func with<T: Sendable>(_ body: @Sendable (RecordingServer) async throws -> T) async throws -> T {
        let log = RequestLog()
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let bytes = try await request.body.collect(upTo: 4 << 20)
            if let forced = await log.forcedStatus {
                await log.countRefused()
                return Response(status: .init(code: forced))
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let path = request.uri.path
            await log.append(
                RecordedRequest(
                    method: "\(request.method)", path: path, headers: headers,
                    body: Array(bytes.readableBytesView)))
            var status = 200
            let parts = path.split(separator: "/")
            if parts.count >= 2, parts[0] == "status", let code = Int(parts[1]) { status = code }
            // With a query string, the error echoes the request back, as careless APIs do, so the
            // secret checklist sees what a notifier does with a reply that quotes its credentials.
            var message = "Event object is invalid"
            if let query = request.uri.query {
                let sent = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any]
                let echo = "\(path)?\(query) \(headers["authorization"] ?? "") \(sent?["routing_key"] ?? "")"
                message += " (request: \(echo))"
            }
            let reply = try JSONSerialization.data(
                withJSONObject: [
                    "status": "invalid event", "message": message, "errors": ["Length of 'routing_key' is incorrect"],
                ] as [String: Any], options: [.sortedKeys])
            return Response(
                status: .init(code: status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: status == 200 ? Array("{}".utf8) : Array(reply))))
        }
        for method in [HTTPRequest.Method.post, .put, .patch, .delete] { router.on("**", method: method, use: handler) }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "test.recording-server", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await app.runService(gracefulShutdownSignals: [])
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                try await group.next()
                throw ServerDidNotStart()
            }
            do {
                let result = try await body(RecordingServer(port: port, log: log))
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    public struct ServerDidNotStart: Error {}
}
