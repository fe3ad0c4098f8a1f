import Foundation

/// The files of a WAL directory: numbered segments (`00000001`) and checkpoints
/// (`checkpoint.00000007`, holding everything logged in segments up to 7).
struct WALDirectory: Sendable {
    let path: String

    static func segmentName(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    static func checkpointName(_ index: Int) -> String { "checkpoint." + segmentName(index) }

    func segmentPath(_ index: Int) -> String { path + "/" + Self.segmentName(index) }
    func checkpointPath(_ index: Int) -> String { path + "/" + Self.checkpointName(index) }

    struct Listing {
        var segments: [Int] = []
        var checkpoints: [Int] = []
        var temporary: [String] = []
    }

    func list() throws -> Listing {
        var listing = Listing()
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            if name.hasSuffix(".tmp") {
                listing.temporary.append(name)
            } else if name.hasPrefix("checkpoint."), let index = Int(name.dropFirst("checkpoint.".count)) {
                listing.checkpoints.append(index)
            } else if name.count >= 8, name.allSatisfy(\.isASCII), let index = Int(name) {
                listing.segments.append(index)
            }
        }
        listing.segments.sort()
        listing.checkpoints.sort()
        return listing
    }

    /// Reads a whole file; WAL segments are bounded by the segment size.
    func read(_ filePath: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: filePath) else {
            throw TSDBError.unreadable(path: filePath)
        }
        return [UInt8](data)
    }

    func remove(_ name: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + name)
    }
}

/// Splits a segment's bytes into records, stopping at the first bad frame.
struct WALFrameScanner {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next record, nil at a clean end; throws with the reason at a torn or corrupt record,
    /// leaving `offset` at that record's start.
    mutating func next() throws(DecodingFailure) -> WALRecord? {
        let remaining = bytes.count - offset
        if remaining == 0 { return nil }
        guard remaining >= WALRecord.headerSize else {
            throw DecodingFailure(message: "torn record header (\(remaining) bytes)")
        }
        var header = ByteReader(bytes, offset: offset)
        let type = try header.readByte()
        let length = Int(try header.readUInt32())
        let expected = try header.readUInt32()
        guard length <= WALRecord.maxPayload, length <= remaining - WALRecord.headerSize else {
            throw DecodingFailure(message: "torn record: payload of \(length) bytes, \(remaining - WALRecord.headerSize) left")
        }
        let payloadStart = offset + WALRecord.headerSize
        let payloadEnd = payloadStart + length
        var crc = CRC32.checksum(CollectionOfOne(type))
        crc = CRC32.checksum(bytes[payloadStart..<payloadEnd], initial: crc)
        guard crc == expected else { throw DecodingFailure(message: "record checksum mismatch") }
        var payload = ByteReader(bytes, offset: payloadStart, end: payloadEnd)
        let record = try WALRecord.decode(type: type, payload: &payload)
        guard payload.isAtEnd else { throw DecodingFailure(message: "trailing bytes in record") }
        offset = payloadEnd
        return record
    }
}
