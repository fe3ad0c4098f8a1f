/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib and Go's `hash/crc32` compute it.
///
/// Written here rather than taken from Foundation/zlib so the TSDB has no C dependency; it runs
/// once per WAL record and chunk, where a table-driven byte loop is fast enough.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        return crc
    }

    /// The checksum of `bytes`, continuing from `initial` (the checksum of preceding bytes).
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes, initial: UInt32 = 0) -> UInt32 where Bytes.Element == UInt8 {
        var crc = ~initial
        table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
        }
        return ~crc
    }
}
