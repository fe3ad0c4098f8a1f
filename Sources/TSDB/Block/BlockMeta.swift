import VigilCore

/// `meta.json` of a block: its time range and counts. Written last, so a block directory without
/// it is an unfinished write.
public struct BlockMeta: Codable, Sendable, Hashable {
    /// Format version; readers refuse versions they do not know.
    public var version: Int
    /// First millisecond covered (inclusive).
    public var minTime: Int64
    /// End of the range (exclusive), as Prometheus's block `maxTime`.
    public var maxTime: Int64
    public var numSeries: Int
    public var numChunks: Int
    public var numSamples: Int

    public static let currentVersion = 1
}

/// File names inside a block directory.
enum BlockFiles {
    static let meta = "meta.json"
    static let index = "index"
    static let chunks = "chunks"
    static let indexMagic: [UInt8] = Array("VGIX".utf8)
    static let chunksMagic: [UInt8] = Array("VGCH".utf8)
    static let formatVersion: UInt8 = 1
}

/// Where a chunk sits in a block's `chunks` file and the time range it covers.
struct ChunkMeta: Sendable, Hashable {
    var minTime: Int64
    var maxTime: Int64
    var offset: Int
}

/// A series as a block's index lists it.
struct BlockSeries: Sendable {
    var labels: Labels
    var chunks: [ChunkMeta]
}

