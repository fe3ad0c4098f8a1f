import Foundation
import Ingest
import Testing
import TSDB
import VigilCore

struct TextImporterTests {
    @Test func roundTripThroughTheTSDB() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try TimeSeriesDB.open(directory: dir)
        var body = "# TYPE up gauge\n"
        for step in 0..<10 {
            let t = 1_712_340_000 + step * 15
            body += "up{job=\"api\",instance=\"a:1\"} \(step % 2) \(t)\n"
            body += "http_requests_total{job=\"api\",code=\"200\"} \(100 + step * 7).5 \(t)\n"
        }
        body += "up{job=\"api\",instance=\"a:1\"} 5 1712340000\n"   // out of order: rejected, not an error
        body += "# EOF\n"
        var importer = TextImporter(db: db, arrivalTime: 0, commitEvery: 3)
        let bytes = Array(body.utf8)
        // In uneven chunks, as a network body arrives.
        var offset = 0
        for size in [5, 17, 1, 100, 33] + Array(repeating: 64, count: 100) where offset < bytes.count {
            let end = min(offset + size, bytes.count)
            try importer.feed(bytes[offset..<end])
            offset = end
        }
        let summary = try importer.finish()
        #expect(summary.samplesParsed == 21)
        #expect(summary.accepted == 20)
        #expect(summary.rejected.outOfOrder == 1)
        #expect(summary.invalidLines == 0)
        #expect(summary.timestampUnit == .seconds)
        #expect(summary.bytes == bytes.count)

        let series = try db.select([.equal("job", "api")], mint: 0, maxt: .max)
        #expect(series.map(\.labels.description) == [
            #"{__name__="http_requests_total", code="200", job="api"}"#,
            #"{__name__="up", instance="a:1", job="api"}"#,
        ])
        let up = try #require(series.last)
        let steps: [Int64] = Array(0..<10)
        let wantTimestamps: [Int64] = steps.map { (1_712_340_000 + $0 * 15) * 1000 }
        let wantUp: [Double] = steps.map { Double($0 % 2) }
        let wantRequests: [Double] = steps.map { Double(100 + $0 * 7) + 0.5 }
        #expect(Array(up.timestamps) == wantTimestamps)
        #expect(Array(up.values) == wantUp)
        let requests = try #require(series.first)
        #expect(Array(requests.values) == wantRequests)
        try db.close()
    }

    @Test func invalidLinesAreReportedValidOnesStored() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try TimeSeriesDB.open(directory: dir)
        var importer = TextImporter(db: db, arrivalTime: 1_712_340_000_000)
        try importer.feed(Array("a 1\nb{x=} 2\nc 3".utf8))
        let summary = try importer.finish()
        #expect(summary.accepted == 2)
        #expect(summary.invalidLines == 1)
        #expect(summary.report == """
            2 samples parsed, 2 stored, 0 rejected by the TSDB; 1 of 3 lines invalid
            line 2: expected '"' to start the value of label "x"

            """)
        let stored = try db.select([.equal("__name__", "c")], mint: 0, maxt: .max)
        #expect(stored.first.map { Array($0.timestamps) } == [1_712_340_000_000])
        try db.close()
    }
}
