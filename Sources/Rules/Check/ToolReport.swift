/// What a promtool-style command printed, in order, on which stream, and its exit code.
public struct ToolReport: Sendable {
    public enum Stream: Sendable { case stdout, stderr }

    /// Output chunks in the order they were written (promtool interleaves the two streams).
    public private(set) var chunks: [(Stream, String)] = []
    public var exitCode: Int32 = 0

    public init() {}

    mutating func out(_ text: String) { chunks.append((.stdout, text)) }
    mutating func err(_ text: String) { chunks.append((.stderr, text)) }

    public var stdout: String { chunks.filter { $0.0 == .stdout }.map(\.1).joined() }
    public var stderr: String { chunks.filter { $0.0 == .stderr }.map(\.1).joined() }
}
