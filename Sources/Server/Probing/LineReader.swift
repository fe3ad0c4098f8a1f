import NIOCore

/// Splits a connection's inbound bytes into lines ("\n", a "\r" before it dropped), as Go's
/// `bufio.Scanner` does for blackbox_exporter's `expect`; the bytes after the last newline are
/// a last line when the peer closes.
struct LineReader {
    private var source: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var pending: [UInt8] = []
    private var finished = false

    init(_ source: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.source = source }

    /// The next line, or nil once the peer closed and every line was read.
    mutating func next() async throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = pending[..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                let text = String(decoding: line, as: UTF8.self)
                pending.removeSubrange(...newline)
                return text
            }
            if finished {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return String(decoding: pending, as: UTF8.self)
            }
            if let buffer = try await source.next() { pending += buffer.readableBytesView } else { finished = true }
        }
    }
}
