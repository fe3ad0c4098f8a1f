/// Builds Prometheus remote-write bodies for tests: protobuf written field by field (so a test
/// can also write unknown fields and broken bytes) and snappy blocks of literals only, which
/// any decoder must accept (the Compat script checks real compressed bodies from Prometheus).
public enum RemoteWriteEncoding {
    public static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }

    /// A field key: `field << 3 | wireType`.
    public static func key(_ field: UInt64, _ wireType: UInt8) -> [UInt8] { varint(field << 3 | UInt64(wireType)) }

    public static func lengthDelimited(_ field: UInt64, _ payload: [UInt8]) -> [UInt8] {
        key(field, 2) + varint(UInt64(payload.count)) + payload
    }

    public static func fixed64(_ field: UInt64, _ value: UInt64) -> [UInt8] {
        key(field, 1) + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    public static func varintField(_ field: UInt64, _ value: UInt64) -> [UInt8] { key(field, 0) + varint(value) }

    /// `Label{name, value}` as `TimeSeries.labels` (field 1), with `extra` bytes inside it.
    public static func label(_ name: String, _ value: String, extra: [UInt8] = []) -> [UInt8] {
        lengthDelimited(1, lengthDelimited(1, Array(name.utf8)) + lengthDelimited(2, Array(value.utf8)) + extra)
    }

    /// `Sample{value, timestamp}` as `TimeSeries.samples` (field 2), with `extra` bytes inside it.
    public static func sample(_ value: Double, _ timestamp: Int64, extra: [UInt8] = []) -> [UInt8] {
        lengthDelimited(2, fixed64(1, value.bitPattern) + varintField(2, UInt64(bitPattern: timestamp)) + extra)
    }

    /// A `TimeSeries` as `WriteRequest.timeseries` (field 1) from its already-encoded fields.
    public static func series(_ fields: [UInt8]) -> [UInt8] { lengthDelimited(1, fields) }

    /// A `TimeSeries` with these labels (in this order) and samples.
    public static func series(_ labels: [(String, String)], _ samples: [(Double, Int64)]) -> [UInt8] {
        series(labels.flatMap { label($0.0, $0.1) } + samples.flatMap { sample($0.0, $0.1) })
    }

    /// A snappy block (block format) holding `data` as literals of at most 65,536 bytes.
    public static func snappyLiterals(_ data: [UInt8]) -> [UInt8] {
        var out = varint(UInt64(data.count))
        var start = 0
        while start < data.count {
            let end = min(start + 65_536, data.count)
            let n = end - start - 1
            if n < 60 {
                out.append(UInt8(n << 2))
            } else if n < 256 {
                out += [60 << 2, UInt8(n)]
            } else {
                out += [61 << 2, UInt8(n & 0xFF), UInt8(n >> 8)]
            }
            out += data[start..<end]
            start = end
        }
        return out
    }
}
