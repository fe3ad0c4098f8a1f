/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib and Go's `hash/crc32` compute it.
///
/// Written here rather than taken from Foundation/zlib so the TSDB has no C dependency. It runs
/// over every WAL record, so contiguous bytes take slicing-by-8 (eight table lookups per eight
/// bytes instead of a dependent lookup per byte: the byte loop was ~3% of the server's CPU in a
/// remote-write profile).
public enum CRC32 {
    /// `tables[k][b]`: the CRC of byte `b` followed by `k` zero bytes; `tables[0]` is the classic table.
    private static let tables: [[UInt32]] = {
        var tables = [(0..<256).map { index -> UInt32 in
            var crc = UInt32(index)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            return crc
        }]
        for k in 1..<8 {
            tables.append((0..<256).map { index in
                let previous = tables[k - 1][index]
                return tables[0][Int(previous & 0xff)] ^ (previous >> 8)
            })
        }
        return tables
    }()
    private static let flat: [UInt32] = tables.flatMap { $0 }

    /// The checksum of `bytes`, continuing from `initial` (the checksum of preceding bytes).
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes, initial: UInt32 = 0) -> UInt32 where Bytes.Element == UInt8 {
        if let crc = bytes.withContiguousStorageIfAvailable({ checksum(contiguous: $0, initial: initial) }) { return crc }
        var crc = ~initial
        flat.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
        }
        return ~crc
    }

    private static func checksum(contiguous bytes: UnsafeBufferPointer<UInt8>, initial: UInt32) -> UInt32 {
        var crc = ~initial
        flat.withUnsafeBufferPointer { table in
            var index = 0
            let count = bytes.count
            if let base = bytes.baseAddress {
                let raw = UnsafeRawPointer(base)
                while index + 8 <= count {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    let low = UInt32(truncatingIfNeeded: word) ^ crc
                    let high = UInt32(truncatingIfNeeded: word >> 32)
                    crc = table[7 * 256 + Int(low & 0xff)] ^ table[6 * 256 + Int((low >> 8) & 0xff)]
                        ^ table[5 * 256 + Int((low >> 16) & 0xff)] ^ table[4 * 256 + Int(low >> 24)]
                        ^ table[3 * 256 + Int(high & 0xff)] ^ table[2 * 256 + Int((high >> 8) & 0xff)]
                        ^ table[1 * 256 + Int((high >> 16) & 0xff)] ^ table[Int(high >> 24)]
                    index += 8
                }
            }
            while index < count {
                crc = table[Int((crc ^ UInt32(bytes[index])) & 0xff)] ^ (crc >> 8)
                index += 1
            }
        }
        return ~crc
    }
}
