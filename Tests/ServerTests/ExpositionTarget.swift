import Foundation
import Hummingbird
import Logging
import NIOCore

/// A real scrape target on 127.0.0.1 (a random port): `GET /metrics` answers the current body
/// in the text format, or the forced status; the headers of every scrape are kept.
struct ExpositionTarget: Sendable {
    actor State {
        var body: String
        var status = 200
        var requests: [[String: String]] = []
        init(body: String) { self.body = body }
        func set(body: String) { self.body = body }
        func set(status: Int) { self.status = status }
        func record(_ headers: [String: String]) { requests.append(headers) }
    }

    let port: Int
    let state: State
    var address: String { "127.0.0.1:\(port)" }

    /// Runs `body` while the target serves `exposition`; stops it afterwards.
    static func with<T: Sendable>(serving exposition: String, _ body: @Sendable (ExpositionTarget) async throws -> T) async throws -> T {
        let state = State(body: exposition)
        let router = Router()
        router.get("metrics") { request, _ -> Response in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            await state.record(headers)
            let status = await state.status
            let text = await state.body
            return Response(status: .init(code: status), headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: status == 200 ? text : "failing\n")))
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "test.exposition-target", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await app.runService(gracefulShutdownSignals: [])
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                try await group.next()
                throw DidNotStart()
            }
            defer { group.cancelAll() }
            return try await body(ExpositionTarget(port: port, state: state))
        }
    }

    struct DidNotStart: Error {}
}
