import NIOCore
import NIOPosix
import Testing

/// A TCP listener on 127.0.0.1 (a random port) that accepts connections and never writes a
/// byte: the service that hangs, which a probe must fail within its timeout.
struct SilentListener: Sendable {
    let port: Int
    var address: String { "127.0.0.1:\(port)" }

    /// Runs `body` while the listener accepts; closes it afterwards.
    static func with<T: Sendable>(_ body: @Sendable (SilentListener) async throws -> T) async throws -> T {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        do {
            let result = try await body(SilentListener(port: port))
            try await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// A port on 127.0.0.1 that nothing listens on: bound, then closed.
    static func closedPort() async throws -> Int {
        try await with { $0.port }
    }
}
