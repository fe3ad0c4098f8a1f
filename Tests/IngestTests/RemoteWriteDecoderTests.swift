import Foundation
import Ingest
import Testing
import TSDB
import VigilCore
import VigilTestSupport

private typealias E = RemoteWriteEncoding

private func decode(_ message: [UInt8]) throws(RemoteWriteError) -> RemoteWriteRequest {
    do {
        return try message.withUnsafeBytes { try RemoteWriteDecoder.decode($0) }
    } catch let error as RemoteWriteError {
        throw error
    } catch {
        preconditionFailure("BUG: RemoteWriteDecoder.decode threw \(error)")
    }
}

private func rows(_ request: RemoteWriteRequest) -> [Row] {
    let samples = request.samples
    return samples.labels.indices.map { Row(samples.labels[$0].description, samples.timestamps[$0], samples.values[$0]) }
}

/// Unknown fields of every wire type, as a newer sender might add them.
private let unknownFields: [UInt8] =
    E.varintField(15, 300) + E.fixed64(16, 7) + E.key(17, 5) + [1, 2, 3, 4] + E.lengthDelimited(18, [9, 9, 9])
    + E.key(19, 3) + E.varintField(1, 1) + E.key(20, 3) + E.lengthDelimited(2, [1]) + E.key(20, 4) + E.key(19, 4)

struct RemoteWriteDecoderTests {
    @Test func decodesSeriesAndSamples() throws {
        let message = E.series([("__name__", "up"), ("instance", "a:9090"), ("job", "api")], [(1, 1_712_340_000_000), (0, 1_712_340_015_000)])
            + E.series([("__name__", "temperature"), ("room", "é")], [(-3.5, -1000)])
        let request = try decode(message)
        #expect(request.series == 2)
        #expect(rows(request) == [
            Row(#"{__name__="up", instance="a:9090", job="api"}"#, 1_712_340_000_000, 1),
            Row(#"{__name__="up", instance="a:9090", job="api"}"#, 1_712_340_015_000, 0),
            Row(#"{__name__="temperature", room="é"}"#, -1000, -3.5),
        ])
    }

    @Test func emptyMessageIsAnEmptyRequest() throws {
        let request = try decode([])
        #expect(request.series == 0)
        #expect(request.samples.isEmpty)
    }

    @Test func skipsUnknownFieldsOfEveryWireTypeAtEveryLevel() throws {
        let series = E.series(
            E.label("__name__", "up", extra: unknownFields) + unknownFields + E.label("job", "api")
                + E.sample(2, 1000, extra: unknownFields))
        let request = try decode(unknownFields + series + unknownFields)
        #expect(rows(request) == [Row(#"{__name__="up", job="api"}"#, 1000, 2)])
    }

    @Test func countsExemplarsHistogramsAndMetadataWithoutStoringThem() throws {
        let series = E.series(
            E.label("__name__", "rpc_seconds") + E.sample(1, 1000)
                + E.lengthDelimited(3, E.label("trace_id", "abc") + E.fixed64(2, 1.0.bitPattern))
                + E.lengthDelimited(4, E.varintField(1, 3)) + E.lengthDelimited(4, []))
        let metadata = E.lengthDelimited(3, E.varintField(1, 1) + E.lengthDelimited(2, Array("rpc_seconds".utf8)))
        let request = try decode(series + metadata + metadata)
        #expect(request.samples.count == 1)
        #expect(request.exemplars == 1)
        #expect(request.histograms == 2)
        #expect(request.metadata == 2)
    }

    @Test func sortsUnsortedLabelsAndDropsEmptyValues() throws {
        let request = try decode(E.series([("zone", "eu"), ("job", "api"), ("__name__", "up"), ("empty", "")], [(1, 5)]))
        #expect(rows(request) == [Row(#"{__name__="up", job="api", zone="eu"}"#, 5, 1)])
    }

    @Test func sampleFieldsMayComeBeforeLabelsAndDefaultToZero() throws {
        let request = try decode(E.series(E.lengthDelimited(2, []) + E.label("__name__", "x")))
        #expect(rows(request) == [Row(#"{__name__="x"}"#, 0, 0)])
    }

    @Test func keepsNaNBitPatternsSuchAsStaleMarkers() throws {
        let stale = Double(bitPattern: 0x7FF0_0000_0000_0002)
        let request = try decode(E.series([("__name__", "up")], [(stale, 10)]))
        #expect(request.samples.values.first?.bitPattern == 0x7FF0_0000_0000_0002)
    }

    static let validSeries = E.series([("__name__", "up")], [(1, 5)])

    @Test("refuses bad protobuf and bad labels, naming the series and byte", arguments: [
        // Protobuf.
        ([0x0A], "byte 1: truncated varint"),
        ([0x0A, 0x05, 0x0A], "byte 1: length 5 runs past the end of the enclosing message (1 bytes left)"),
        ([0x28] + Array(repeating: 0xFF, count: 9) + [0x02], "byte 1: varint overflows 64 bits"),
        ([0x0F], "byte 0: invalid wire type 7"),
        ([0x06], "byte 0: invalid wire type 6"),
        ([0x02, 0x00], "byte 0: invalid field number 0"),
        (E.varintField(1, 5), "byte 0: field 1 of WriteRequest has wire type varint, expected length-delimited"),
        (E.key(9, 3) + E.varintField(1, 1), "byte 0: group 9 is not closed"),
        (E.key(9, 3) + E.key(8, 4), "byte 1: end of group 8 inside group 9"),
        (E.key(9, 4), "byte 0: end of group 9 without a start"),
        (E.key(9, 5) + [1, 2], "byte 1: truncated fixed32 (2 of 4 bytes)"),
        (validSeries + E.series(E.label("__name__", "up") + E.lengthDelimited(2, E.key(1, 1) + [0, 0])),
         "timeseries[1] at byte 52: truncated fixed64 (2 of 8 bytes)"),
        (validSeries + E.series(E.label("__name__", "up") + E.lengthDelimited(2, E.fixed64(2, 7))),
         "timeseries[1] at byte 51: field 2 of Sample has wire type fixed64, expected varint"),
        (E.series(E.lengthDelimited(1, E.varintField(1, 1))), "timeseries[0] at byte 4: field 1 of Label has wire type varint, expected length-delimited"),
        // Labels.
        (E.series([("__name__", "up"), ("job", "a"), ("job", "b")], [(1, 5)]), #"timeseries[0] at byte 28: duplicate label name "job""#),
        (E.series([("job", "a"), ("__name__", "up"), ("job", "b")], [(1, 5)]), #"timeseries[0] at byte 28: duplicate label name "job""#),
        (validSeries + E.series([("__name__", "up"), ("", "x")], []), "timeseries[1] at byte 49: label 1 has an empty name"),
        (E.series(E.lengthDelimited(1, E.lengthDelimited(2, Array("v".utf8)))), "timeseries[0] at byte 2: label 0 has an empty name"),
        (E.series([("job", "api")], [(1, 5)]), "timeseries[0] at byte 0: series without a metric name (no non-empty __name__ label)"),
        (E.series([("__name__", "")], []), "timeseries[0] at byte 0: series without a metric name (no non-empty __name__ label)"),
        (E.series(E.label("__name__", "up") + E.lengthDelimited(1, E.lengthDelimited(1, Array("job".utf8)) + E.lengthDelimited(2, [0x61, 0xFF]))),
         #"timeseries[0] at byte 25: invalid UTF-8 in the value of label "job""#),
        (E.series(E.lengthDelimited(1, E.lengthDelimited(1, [0xC3]))), "timeseries[0] at byte 4: invalid UTF-8 in the name of label 0"),
    ] as [([UInt8], String)])
    func refuses(message: [UInt8], expected: String) {
        let error = #expect(throws: RemoteWriteError.self) { try decode(message) }
        #expect(error?.description == expected)
    }

    @Test func storesADecodedRequestAndCountsTSDBRejections() throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "vigil-rw-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try TimeSeriesDB.open(directory: dir)
        let first = try decode(E.series([("__name__", "up"), ("job", "a")], [(1, 2000), (1, 3000)]))
        let summary = try RemoteWriteImporter.store(first, into: db, commitEvery: 1)
        #expect(summary.accepted == 2)
        #expect(summary.report == "2 samples in 1 series, 2 stored, 0 rejected by the TSDB\n")
        let second = try decode(E.series([("__name__", "up"), ("job", "a")], [(5, 1000), (7, 4000)])
            + E.series(E.label("__name__", "b") + E.sample(1, 1) + E.lengthDelimited(4, [])))
        let later = try RemoteWriteImporter.store(second, into: db)
        #expect(later.report == "3 samples in 2 series, 2 stored, 1 rejected by the TSDB (outOfOrder: 1); ignored: 1 native histograms\n")
        let up = try db.select([.equal("__name__", "up")], mint: 0, maxt: .max)
        #expect(up.first.map { Array($0.timestamps) } == [2000, 3000, 4000])
        try db.close()
    }
}
