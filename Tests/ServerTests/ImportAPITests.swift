import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Server
import Testing
import TSDB
import VigilCore

@Suite struct ImportAPITests {
    func withApp(maxBodyBytes: Int = 1 << 30, _ body: @Sendable (any TestClientProtocol, TimeSeriesDB) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "vigil-import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try TimeSeriesDB.open(directory: dir)
        let router = Router(context: VigilRequestContext.self)
        ImportAPI(db: db, bodyLimit: { BodyLimit(bytes: maxBodyBytes) }, commitEvery: 2, nowMilliseconds: { 1_712_340_000_000 }).addRoutes(to: router)
        let app = Application(router: router)
        try await app.test(.router) { client in try await body(client, db) }
        try db.close()
    }

    @Test func storesAValidBodyAnswers204() async throws {
        try await withApp { client, db in
            let body = "up{job=\"a\"} 1 1712340000\nup{job=\"a\"} 0 1712340015\nfoo 3\n# EOF\n"
            let response = try await client.execute(uri: "/api/v1/import/prometheus", method: .post, body: ByteBuffer(string: body))
            #expect(response.status == .noContent)
            let up = try db.select([.equal("__name__", "up")], mint: 0, maxt: .max)
            #expect(up.first.map { Array($0.timestamps) } == [1_712_340_000_000, 1_712_340_015_000])
            let foo = try db.select([.equal("__name__", "foo")], mint: 0, maxt: .max)
            #expect(foo.first.map { Array($0.timestamps) } == [1_712_340_000_000])
        }
    }

    @Test func badLinesAnswer400WithLineNumbers() async throws {
        try await withApp { client, db in
            let body = "a 1 1712340000000\nb{x=1} 2\nc 3 1712340000000\n"
            let response = try await client.execute(uri: "/api/v1/import/prometheus", method: .post, body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            let text = String(buffer: response.body)
            #expect(text == "2 samples parsed, 2 stored, 0 rejected by the TSDB; 1 of 3 lines invalid\nline 2: expected '\"' to start the value of label \"x\"\n")
            #expect(try db.select([.equal("__name__", "c")], mint: 0, maxt: .max).count == 1)
        }
    }

    @Test func rejectionsAnswer200WithAReport() async throws {
        try await withApp { client, _ in
            let body = "a 1 1712340015000\na 2 1712340000000\n"
            let response = try await client.execute(uri: "/api/v1/import/prometheus", method: .post, body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "2 samples parsed, 1 stored, 1 rejected by the TSDB (outOfOrder: 1); 0 of 2 lines invalid\n")
        }
    }

    @Test func tooLargeAnswers413() async throws {
        try await withApp(maxBodyBytes: 10) { client, _ in
            let response = try await client.execute(uri: "/api/v1/import/prometheus", method: .post,
                                                    body: ByteBuffer(string: "a 1 1712340015000\n"))
            #expect(response.status == .contentTooLarge)
            #expect(String(buffer: response.body) == "request body of 18 bytes exceeds the limit of 10 bytes\n")
        }
    }

    @Test func openMetricsContentTypeMeansSeconds() async throws {
        try await withApp { client, db in
            let response = try await client.execute(uri: "/api/v1/import/prometheus", method: .post,
                                                    headers: [.contentType: "application/openmetrics-text; version=1.0.0"],
                                                    body: ByteBuffer(string: "a 1 1712340000000\n# EOF\n"))
            #expect(response.status == .noContent)
            let a = try db.select([.equal("__name__", "a")], mint: 0, maxt: .max)
            #expect(a.first.map { Array($0.timestamps) } == [1_712_340_000_000_000])
        }
    }
}
