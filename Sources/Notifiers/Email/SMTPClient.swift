import NIOCore
import NIOPosix
import NIOSSL

/// A failed SMTP step: the peer's reply when it answered, else why the connection failed.
struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// What the client was doing, e.g. `send RCPT command`.
    var step: String
    var reply: SMTPReply?
    var connection: SMTPConnectionError?
    /// A problem on our side (TLS configuration, a missing credential); never retryable.
    var local: String?

    var description: String {
        if let reply { return "\(step): \(reply)" }
        if let connection { return "\(step): \(connection)" }
        return "\(step): \(local ?? "failed")"
    }
}

/// One SMTP session over a SwiftNIO channel: commands go out one at a time and each waits at
/// most `timeout` for its reply. Plain TCP upgraded with `STARTTLS`, or TLS from the first byte.
struct SMTPClient: Sendable {
    let channel: any Channel
    /// Kept rather than looked up: once the channel closes, the pipeline no longer holds it,
    /// but it still knows why the connection ended.
    private let replies: NIOLoopBound<SMTPReplyHandler>
    let timeout: TimeAmount
    /// Whether the session is encrypted (implicit TLS or after `STARTTLS`).
    private(set) var isTLS: Bool

    /// Connects and reads the greeting. `tls` non-nil means implicit TLS (port 465).
    static func connect(
        host: String, port: Int, tls: NIOSSLContext?, serverName: String?, timeout: TimeAmount,
        group: any EventLoopGroup
    ) async throws(SMTPError) -> SMTPClient {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverName)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            throw SMTPError(step: "establish connection to server", connection: .transport("\(error)"))
        }
        let replies: NIOLoopBound<SMTPReplyHandler>
        do {
            replies = try await channel.eventLoop.submit {
                NIOLoopBound(
                    try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self),
                    eventLoop: channel.eventLoop)
            }.get()
        } catch {
            try? await channel.close()
            throw SMTPError(step: "establish connection to server", connection: .transport("\(error)"))
        }
        let client = SMTPClient(channel: channel, replies: replies, timeout: timeout, isTLS: tls != nil)
        do throws(SMTPError) {
            let greeting = try await client.reply(step: "read server greeting")
            guard greeting.code == 220 else { throw SMTPError(step: "read server greeting", reply: greeting) }
            return client
        } catch {
            await client.close()
            throw error
        }
    }

    /// Sends `line` (CRLF added) and returns the reply, whatever its code.
    func send(_ line: String, step: String) async throws(SMTPError) -> SMTPReply {
        try await write(Array((line + "\r\n").utf8), step: step)
        return try await reply(step: step)
    }

    /// Sends `line` and throws unless the reply code is `expected`.
    @discardableResult
    func command(_ line: String, step: String, expecting expected: Int) async throws(SMTPError) -> SMTPReply {
        let reply = try await send(line, step: step)
        guard reply.code == expected else { throw SMTPError(step: step, reply: reply) }
        return reply
    }

    /// `EHLO`, falling back to `HELO` for a server that refuses it; the advertised extensions.
    func hello(_ name: String) async throws(SMTPError) -> SMTPExtensions {
        let reply = try await send("EHLO \(name)", step: "send EHLO command")
        if reply.code == 250 { return SMTPExtensions(ehlo: reply) }
        try await command("HELO \(name)", step: "send HELO command", expecting: 250)
        return SMTPExtensions()
    }

    /// `STARTTLS`, then a TLS handshake on the same connection.
    mutating func startTLS(_ context: NIOSSLContext, serverName: String?) async throws(SMTPError) {
        try await command("STARTTLS", step: "send STARTTLS command", expecting: 220)
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw SMTPError(step: "start TLS", connection: .transport("\(error)"))
        }
        isTLS = true
    }

    /// `DATA`, the message with dot-stuffing, and the final `.`.
    func data(_ message: [UInt8]) async throws(SMTPError) {
        try await command("DATA", step: "send DATA command", expecting: 354)
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 64)
        var atLineStart = true
        for byte in message {
            if atLineStart, byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !atLineStart { out += Array("\r\n".utf8) }
        out += Array(".\r\n".utf8)
        try await write(out, step: "write message")
        let reply = try await reply(step: "send message")
        guard reply.code == 250 else { throw SMTPError(step: "send message", reply: reply) }
    }

    /// `QUIT` (its reply is not required) and closes the connection.
    func quit() async {
        _ = try? await send("QUIT", step: "send QUIT command")
        await close()
    }

    func close() async {
        try? await channel.close()
    }

    private func write(_ bytes: [UInt8], step: String) async throws(SMTPError) {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        } catch {
            // A failed write only says the channel closed; the reply handler knows why (a TLS
            // handshake failure, the server hanging up), so ask it first.
            _ = try await reply(step: step)
            throw SMTPError(step: step, connection: .transport("\(error)"))
        }
    }

    private func reply(step: String) async throws(SMTPError) -> SMTPReply {
        let replies = self.replies
        let timeout = self.timeout
        do {
            let channel = self.channel
            // A cancelled task (shutdown) closes the connection rather than wait out the timeout.
            return try await withTaskCancellationHandler {
                try await channel.eventLoop.flatSubmit { replies.value.nextReply(timeout: timeout) }.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch let error as SMTPConnectionError {
            throw SMTPError(step: step, connection: error)
        } catch {
            throw SMTPError(step: step, connection: .transport("\(error)"))
        }
    }
}
