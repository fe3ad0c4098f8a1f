import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
@testable import Server
import Testing
import TSDB
import VigilCore
import VigilTestSupport

private typealias E = RemoteWriteEncoding

/// `POST /api/v1/write` through the whole server's router, read back with `/api/v1/query`.
@Suite struct RemoteWriteAPITests {
    static let headers: HTTPFields = [
        .contentType: "application/x-protobuf", .contentEncoding: "snappy",
        HTTPField.Name("X-Prometheus-Remote-Write-Version")!: "0.1.0",
    ]

    static func write(_ client: any TestClientProtocol, _ message: [UInt8]) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/write", method: .post, headers: headers,
                                 body: ByteBuffer(bytes: E.snappyLiterals(message)))
    }

    static let query = "/api/v1/query?query=up&time=1700000030"
    static let empty = #"{"status":"success","data":{"resultType":"vector","result":[]}}"#

    @Test func storedSamplesAreQueryable() async throws {
        let server = try TestServer()
        try await server.test { client in
            let message = E.series([("__name__", "up"), ("job", "prometheus"), ("instance", "localhost:9090")],
                                   [(1, 1_700_000_000_000)])
                + E.series([("instance", "b:1"), ("job", "node"), ("__name__", "up")], [(0, 1_700_000_000_000), (1, 1_700_000_015_000)])
            let response = try await Self.write(client, message)
            #expect(response.status == .noContent)
            let result = try await client.execute(uri: Self.query, method: .get)
            #expect(result.text == #"{"status":"success","data":{"resultType":"vector","result":["#
                + #"{"metric":{"__name__":"up","instance":"b:1","job":"node"},"value":[1700000030,"1"]},"#
                + #"{"metric":{"__name__":"up","instance":"localhost:9090","job":"prometheus"},"value":[1700000030,"1"]}]}}"#)
        }
    }

    @Test("refuses a bad body with 400 and stores none of it", arguments: [
        ([0x05, 0x00, 0x61], "snappy: byte 3: decoded 1 bytes, the preamble declares 5\n"),
        (E.snappyLiterals(E.series([("__name__", "up")], [(1, 1_700_000_000_000)]) + [0x0A, 0x09]),
         "protobuf: byte 37: length 9 runs past the end of the enclosing message (0 bytes left)\n"),
        (E.snappyLiterals(E.series([("__name__", "up")], [(1, 1_700_000_000_000)])
            + E.series([("__name__", "up"), ("job", "a"), ("job", "b")], [(1, 1_700_000_000_000)])),
         #"protobuf: timeseries[1] at byte 64: duplicate label name "job""# + "\n"),
    ] as [([UInt8], String)])
    func refusesBadBodies(body: [UInt8], message: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.execute(uri: "/api/v1/write", method: .post, headers: Self.headers,
                                                    body: ByteBuffer(bytes: body))
            #expect(response.status == .badRequest)
            #expect(response.text == message)
            #expect(try await client.execute(uri: Self.query, method: .get).text == Self.empty)
        }
        #expect(try server.server.tsdb.select([.equal("__name__", "up")], mint: .min, maxt: .max).isEmpty)
    }

    @Test func outOfOrderSamplesAnswer400WithAReportAndTheOthersAreKept() async throws {
        let server = try TestServer()
        try await server.test { client in
            let first = try await Self.write(client, E.series([("__name__", "up")], [(1, 1_700_000_020_000)]))
            #expect(first.status == .noContent)
            let second = try await Self.write(client, E.series([("__name__", "up")], [(5, 1_700_000_010_000)])
                + E.series([("__name__", "up"), ("job", "b")], [(2, 1_700_000_020_000)]))
            #expect(second.status == .badRequest)
            #expect(second.text == "2 samples in 2 series, 1 stored, 1 rejected by the TSDB (outOfOrder: 1)\n")
            let result = try await client.execute(uri: "/api/v1/query?query=sum(up)&time=1700000030", method: .get)
            #expect(result.text == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000030,"3"]}]}}"#)
        }
    }

    func withAPI(_ api: (TimeSeriesDB) -> RemoteWriteAPI, _ body: @Sendable (any TestClientProtocol, TimeSeriesDB) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "vigil-rw-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try TimeSeriesDB.open(directory: dir)
        let router = Router(context: VigilRequestContext.self)
        api(db).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in try await body(client, db) }
        try db.close()
    }

    @Test func bodyOverTheLimitAnswers413() async throws {
        try await withAPI({ RemoteWriteAPI(db: $0, bodyLimit: { BodyLimit(bytes: 16) }) }) { client, db in
            let response = try await Self.write(client, E.series([("__name__", "up"), ("job", "a")], [(1, 1000)]))
            #expect(response.status == .contentTooLarge)
            #expect(response.text == "request body of 44 bytes exceeds the limit of 16 bytes\n")
            #expect(try db.select([.equal("__name__", "up")], mint: .min, maxt: .max).isEmpty)
        }
    }

    @Test func decompressedSizeOverTheLimitAnswers413() async throws {
        try await withAPI({ RemoteWriteAPI(db: $0, maxDecodedBytes: 10) }) { client, _ in
            let response = try await Self.write(client, E.series([("__name__", "up"), ("job", "a")], [(1, 1000)]))
            #expect(response.status == .contentTooLarge)
            #expect(response.text == "snappy: byte 0: the block declares 42 bytes uncompressed, more than the limit of 10 bytes\n")
        }
    }

    @Test func otherContentEncodingsAnswer415() async throws {
        try await withAPI({ RemoteWriteAPI(db: $0) }) { client, _ in
            let response = try await client.execute(uri: "/api/v1/write", method: .post, headers: [.contentEncoding: "gzip"],
                                                    body: ByteBuffer(bytes: [1, 2, 3]))
            #expect(response.status == .unsupportedMediaType)
            #expect(response.text == "unsupported Content-Encoding \"gzip\": remote write bodies are snappy-compressed\n")
        }
    }

    @Test func largeRequestsAreCommittedInBatches() async throws {
        try await withAPI({ RemoteWriteAPI(db: $0, commitEvery: 7) }) { client, db in
            let message = (0..<100).flatMap { E.series([("__name__", "m"), ("i", "\($0)")], [(Double($0), 1000)]) }
            let response = try await Self.write(client, message)
            #expect(response.status == .noContent)
            #expect(try db.select([.equal("__name__", "m")], mint: .min, maxt: .max).count == 100)
        }
    }
}
