import TSDB
import VigilCore

/// A decoded remote-write 1.0 `prometheus.WriteRequest`: its float samples, and counts of what
/// Vigil does not store (exemplars, native histograms, metadata).
public struct RemoteWriteRequest: Sendable {
    /// One entry per sample, in message order; the labels of a series are shared by its samples.
    public var samples = SampleBatch()
    /// `TimeSeries` entries read.
    public var series = 0
    public var exemplars = 0
    public var histograms = 0
    /// `MetricMetadata` entries.
    public var metadata = 0

    public init() {}
}

/// Why a `WriteRequest` was refused, and where: `timeseries[3] at byte 120: duplicate label name "job"`.
public struct RemoteWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 0-based byte offset in the decompressed message.
    public var offset: Int
    /// 0-based index of the `TimeSeries` the problem is in; nil outside any.
    public var series: Int?
    public var reason: String

    public init(offset: Int, series: Int?, reason: String) {
        self.offset = offset
        self.series = series
        self.reason = reason
    }

    public var description: String {
        if let series { return "timeseries[\(series)] at byte \(offset): \(reason)" }
        return "byte \(offset): \(reason)"
    }
}

/// Decodes `prometheus.WriteRequest` (remote write 1.0, `prompb/remote.proto` and `types.proto`)
/// from protobuf wire format, by hand: only the fields Vigil stores are read, every other field
/// of every wire type is skipped, and every message is checked whole before anything is returned,
/// so a caller can refuse a bad request without having stored part of it.
///
/// Label sets are checked as the text parser checks them: names non-empty, names and values
/// valid UTF-8, no name twice, `__name__` present; labels may come in any order (the protocol
/// asks senders to sort them; Vigil sorts when they are not). An empty value means "no label",
/// as in Prometheus.
///
/// With a `SeriesRefCache`, a series whose label fields (a run of them at the start of its
/// `TimeSeries`, byte for byte) decoded before is not decoded again: its samples carry the head
/// series the cache holds, and the label bytes of the others are noted for the cache to learn
/// once `RemoteWriteImporter` has committed them.
///
/// ```swift
/// let request = try message.withUnsafeBytes { try RemoteWriteDecoder.decode($0) }
/// ```
public enum RemoteWriteDecoder {
    // Field numbers of prompb's messages.
    private enum Field {
        static let writeRequestTimeseries: UInt64 = 1, writeRequestMetadata: UInt64 = 3
        static let seriesLabels: UInt64 = 1, seriesSamples: UInt64 = 2, seriesExemplars: UInt64 = 3, seriesHistograms: UInt64 = 4
        static let labelName: UInt64 = 1, labelValue: UInt64 = 2
        static let sampleValue: UInt64 = 1, sampleTimestamp: UInt64 = 2
    }

    /// Decodes one uncompressed message; the buffer is only read during the call.
    public static func decode(_ message: UnsafeRawBufferPointer, cache: SeriesRefCache? = nil) throws(RemoteWriteError) -> RemoteWriteRequest {
        var request = RemoteWriteRequest()
        var scratch = SeriesScratch()
        var reader = ProtobufReader(message)
        var inSeries: Int?
        do {
            while !reader.isAtEnd {
                let keyOffset = reader.position
                let (field, wireType) = try reader.readKey()
                switch field {
                case Field.writeRequestTimeseries:
                    try expect(wireType, .lengthDelimited, field: field, in: "WriteRequest", at: keyOffset)
                    var series = try reader.readLengthDelimited()
                    inSeries = request.series
                    try decodeSeries(&series, start: keyOffset, into: &request, scratch: &scratch, cache: cache)
                    inSeries = nil
                    request.series += 1
                case Field.writeRequestMetadata:
                    try expect(wireType, .lengthDelimited, field: field, in: "WriteRequest", at: keyOffset)
                    _ = try reader.readLengthDelimited()
                    request.metadata += 1
                default:
                    try reader.skip(wireType, field: field, keyOffset: keyOffset)
                }
            }
        } catch {
            throw RemoteWriteError(offset: error.offset, series: inSeries, reason: error.reason)
        }
        return request
    }

    /// Reused buffers for one `TimeSeries`.
    private struct SeriesScratch {
        var labels: [(label: Label, offset: Int)] = []
        var timestamps: [Int64] = []
        var values: [Double] = []
    }

    /// The run of label fields that opens a `TimeSeries` (`reader` at its first field): the
    /// cache's key. Nil when the series does not start with a well-formed label field.
    private static func labelRun(_ reader: ProtobufReader) -> (start: Int, end: Int)? {
        var probe = reader
        let start = probe.position
        var end = start
        while !probe.isAtEnd {
            guard let (field, wireType) = try? probe.readKey(), field == Field.seriesLabels, wireType == .lengthDelimited,
                (try? probe.readLengthDelimited()) != nil
            else { break }
            end = probe.position
        }
        return end > start ? (start, end) : nil
    }

    private static func decodeSeries(_ reader: inout ProtobufReader, start: Int, into request: inout RemoteWriteRequest,
                                     scratch: inout SeriesScratch, cache: SeriesRefCache?) throws(ProtobufError) {
        scratch.labels.removeAll(keepingCapacity: true)
        scratch.timestamps.removeAll(keepingCapacity: true)
        scratch.values.removeAll(keepingCapacity: true)
        let entry = reader
        var key: (pointer: UnsafePointer<UInt8>, length: Int, hash: UInt64, end: Int)?
        var known: SeriesRef?
        if let cache, let run = labelRun(reader), let base = reader.bytes.baseAddress {
            let pointer = base.assumingMemoryBound(to: UInt8.self) + run.start
            let length = run.end - run.start
            let hash = SeriesRefCache.hash(pointer, length)
            key = (pointer, length, hash, run.end)
            if let hit = cache.lookup(pointer, length, hash: hash) {
                known = hit
                reader.move(to: run.end)  // those labels were decoded and checked before
            }
        }
        var exemplars = 0, histograms = 0
        while !reader.isAtEnd {
            let keyOffset = reader.position
            let (field, wireType) = try reader.readKey()
            switch field {
            case Field.seriesLabels:
                if let key, keyOffset >= key.end {
                    // A label field after other fields: the opening run is not the whole label
                    // set, so it is no key. Decode this series again, without the cache.
                    reader = entry
                    return try decodeSeries(&reader, start: start, into: &request, scratch: &scratch, cache: nil)
                }
                try expect(wireType, .lengthDelimited, field: field, in: "TimeSeries", at: keyOffset)
                var label = try reader.readLengthDelimited()
                scratch.labels.append((try decodeLabel(&label, index: scratch.labels.count, at: keyOffset), keyOffset))
            case Field.seriesSamples:
                try expect(wireType, .lengthDelimited, field: field, in: "TimeSeries", at: keyOffset)
                var sample = try reader.readLengthDelimited()
                let (timestamp, value) = try decodeSample(&sample)
                scratch.timestamps.append(timestamp)
                scratch.values.append(value)
            case Field.seriesExemplars:
                try expect(wireType, .lengthDelimited, field: field, in: "TimeSeries", at: keyOffset)
                _ = try reader.readLengthDelimited()
                exemplars += 1
            case Field.seriesHistograms:
                try expect(wireType, .lengthDelimited, field: field, in: "TimeSeries", at: keyOffset)
                _ = try reader.readLengthDelimited()
                histograms += 1
            default:
                try reader.skip(wireType, field: field, keyOffset: keyOffset)
            }
        }
        request.exemplars += exemplars
        request.histograms += histograms
        if let known {
            for k in scratch.timestamps.indices { request.samples.append(known, scratch.timestamps[k], scratch.values[k]) }
            return
        }
        let labels = try validatedLabels(&scratch.labels, seriesOffset: start)
        for k in scratch.timestamps.indices {
            request.samples.append(labels, scratch.timestamps[k], scratch.values[k])
        }
        if let key, !scratch.timestamps.isEmpty {
            request.samples.newKeys.append(key.pointer, key.length, hash: key.hash, sample: request.samples.count - scratch.timestamps.count)
        }
    }

    private static func decodeLabel(_ reader: inout ProtobufReader, index: Int, at labelOffset: Int) throws(ProtobufError) -> Label {
        var name: String?
        var value = ""
        while !reader.isAtEnd {
            let keyOffset = reader.position
            let (field, wireType) = try reader.readKey()
            switch field {
            case Field.labelName:
                try expect(wireType, .lengthDelimited, field: field, in: "Label", at: keyOffset)
                guard let text = utf8String(try reader.readLengthDelimited().remaining) else {
                    throw ProtobufError(offset: keyOffset, reason: "invalid UTF-8 in the name of label \(index)")
                }
                name = text
            case Field.labelValue:
                try expect(wireType, .lengthDelimited, field: field, in: "Label", at: keyOffset)
                guard let text = utf8String(try reader.readLengthDelimited().remaining) else {
                    let label = name.map { "label \(quoteGoString($0))" } ?? "label \(index)"
                    throw ProtobufError(offset: keyOffset, reason: "invalid UTF-8 in the value of \(label)")
                }
                value = text
            default:
                try reader.skip(wireType, field: field, keyOffset: keyOffset)
            }
        }
        guard let name, !name.isEmpty else {
            throw ProtobufError(offset: labelOffset, reason: "label \(index) has an empty name")
        }
        return Label(name, value)
    }

    /// `bytes` as a String, nil unless valid UTF-8. ASCII (nearly every label) takes
    /// `String(decoding:)`'s fast path: the generic validating initializer cost ~10% of the
    /// server's CPU in a remote-write profile (runtime generic-metadata lookups per call).
    @inline(__always)
    private static func utf8String(_ bytes: UnsafeRawBufferPointer) -> String? {
        let buffer = bytes.assumingMemoryBound(to: UInt8.self)
        var high: UInt8 = 0
        for byte in buffer { high |= byte }
        if high < 0x80 { return String(decoding: buffer, as: UTF8.self) }
        return String(validating: buffer, as: UTF8.self)
    }

    @inline(__always)
    private static func decodeSample(_ reader: inout ProtobufReader) throws(ProtobufError) -> (Int64, Double) {
        var timestamp: Int64 = 0
        var value = 0.0
        while !reader.isAtEnd {
            let keyOffset = reader.position
            let (field, wireType) = try reader.readKey()
            switch field {
            case Field.sampleValue:
                try expect(wireType, .fixed64, field: field, in: "Sample", at: keyOffset)
                value = Double(bitPattern: try reader.readFixed64())
            case Field.sampleTimestamp:
                try expect(wireType, .varint, field: field, in: "Sample", at: keyOffset)
                timestamp = Int64(bitPattern: try reader.readVarint())
            default:
                try reader.skip(wireType, field: field, keyOffset: keyOffset)
            }
        }
        return (timestamp, value)
    }

    /// Sorts (if needed) and checks one series' labels; drops empty values.
    private static func validatedLabels(_ labels: inout [(label: Label, offset: Int)], seriesOffset: Int) throws(ProtobufError) -> Labels {
        var sorted = true
        for k in labels.indices.dropFirst() where !(labels[k - 1].label.name < labels[k].label.name) {
            sorted = false
            break
        }
        if !sorted {
            // Of two equal names, the one later in the message is reported.
            labels.sort { $0.label.name < $1.label.name }
            for k in labels.indices.dropFirst() where labels[k].label.name == labels[k - 1].label.name {
                let second = max(labels[k].offset, labels[k - 1].offset)
                throw ProtobufError(offset: second, reason: "duplicate label name \(quoteGoString(labels[k].label.name))")
            }
        }
        var pairs: [Label] = []
        pairs.reserveCapacity(labels.count)
        var hasName = false
        for entry in labels where !entry.label.value.isEmpty {
            if entry.label.name == Label.metricName { hasName = true }
            pairs.append(entry.label)
        }
        guard hasName else {
            throw ProtobufError(offset: seriesOffset, reason: "series without a metric name (no non-empty __name__ label)")
        }
        return Labels(sortedUnchecked: pairs)
    }

    @inline(__always)
    private static func expect(_ wireType: WireType, _ wanted: WireType, field: UInt64, in message: String,
                               at offset: Int) throws(ProtobufError) {
        guard wireType == wanted else {
            throw ProtobufError(offset: offset, reason: "field \(field) of \(message) has wire type \(wireType), expected \(wanted)")
        }
    }
}
