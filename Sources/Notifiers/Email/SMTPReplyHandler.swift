import NIOCore

/// Why an SMTP connection stopped answering.
enum SMTPConnectionError: Error, Sendable, Hashable, CustomStringConvertible {
    case closed
    case timedOut
    case malformedReply(String)
    case lineTooLong
    case transport(String)

    var description: String {
        switch self {
        case .closed: "connection closed by server"
        case .timedOut: "timed out waiting for server reply"
        case .malformedReply(let line): "malformed server reply \(quoteLine(line))"
        case .lineTooLong: "server reply line too long"
        case .transport(let detail): detail
        }
    }
}

private func quoteLine(_ line: String) -> String { "\"\(line)\"" }

/// Splits the server's bytes into lines, assembles replies, and hands each to the one caller
/// waiting in `nextReply(timeout:)` (SMTP is lock-step: one outstanding command at a time).
/// Lives on its channel's event loop; every method must be called there.
final class SMTPReplyHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// RFC 5321 allows 512 octets per reply line; leave room for servers that send more.
    static let maxLineBytes = 8192

    private var partial: [UInt8] = []
    private var parser = SMTPReplyParser()
    private var ready: [Result<SMTPReply, SMTPConnectionError>] = []
    private var waiting: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>)?
    private var failure: SMTPConnectionError?
    private var eventLoop: (any EventLoop)?

    func handlerAdded(context: ChannelHandlerContext) { eventLoop = context.eventLoop }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for byte in buffer.readableBytesView {
            guard byte == UInt8(ascii: "\n") else {
                partial.append(byte)
                if partial.count > SMTPReplyHandler.maxLineBytes {
                    fail(.lineTooLong, context: context)
                    return
                }
                continue
            }
            if partial.last == UInt8(ascii: "\r") { partial.removeLast() }
            let line = String(decoding: partial, as: UTF8.self)
            partial.removeAll(keepingCapacity: true)
            do {
                if let reply = try parser.consume(line) { deliver(.success(reply)) }
            } catch {
                fail(.malformedReply(error.line), context: context)
                return
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.transport("\(error)"), context: context)
    }

    /// The next reply, failing with `.timedOut` when none arrives within `timeout`.
    func nextReply(timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
        guard let eventLoop else { preconditionFailure("BUG: SMTPReplyHandler used before it was added") }
        if !ready.isEmpty { return eventLoop.makeCompletedFuture(ready.removeFirst().mapError { $0 }) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        precondition(waiting == nil, "BUG: two SMTP commands awaiting a reply at once")
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let timer = eventLoop.scheduleTask(in: timeout) { bound.value.timeOut() }
        waiting = (promise, timer)
        return promise.futureResult
    }

    private func timeOut() {
        guard let pending = waiting else { return }
        waiting = nil
        failure = .timedOut
        pending.promise.fail(SMTPConnectionError.timedOut)
    }

    private func deliver(_ result: Result<SMTPReply, SMTPConnectionError>) {
        guard let pending = waiting else {
            ready.append(result)
            return
        }
        waiting = nil
        pending.timeout.cancel()
        pending.promise.completeWith(result.mapError { $0 })
    }

    private func fail(_ error: SMTPConnectionError, context: ChannelHandlerContext) {
        finish(error)
        context.close(promise: nil)
    }

    private func finish(_ error: SMTPConnectionError) {
        if failure == nil { failure = error }
        if let pending = waiting {
            waiting = nil
            pending.timeout.cancel()
            pending.promise.fail(failure ?? error)
        }
    }
}
