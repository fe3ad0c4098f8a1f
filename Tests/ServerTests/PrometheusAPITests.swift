import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing
import TSDB
import VigilCore

/// The Prometheus query API over the embedded store, in Prometheus's exact JSON.
@Suite struct PrometheusAPITests {
    static func load(_ server: TestServer) throws {
        var appender = server.server.tsdb.appender()
        for minute in 0..<10 {
            let t = Int64(1_700_000_000_000 + minute * 60_000)
            appender.append(Labels(["__name__": "http_requests_total", "job": "api", "code": "200"]), timestamp: t, value: Double(minute * 60))
            appender.append(Labels(["__name__": "http_requests_total", "job": "api", "code": "500"]), timestamp: t, value: Double(minute * 6))
        }
        _ = try appender.commit()
    }

    @Test("answers like Prometheus", arguments: [
        ("/api/v1/query?query=sum(http_requests_total)&time=1700000540",
         #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000540,"594"]}]}}"#),
        ("/api/v1/query?query=http_requests_total%7Bcode%3D%22500%22%7D&time=1700000540.5",
         #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"http_requests_total","code":"500","job":"api"},"value":[1700000540.5,"54"]}]}}"#),
        ("/api/v1/query?query=count(http_requests_total)+%2B+1&time=1700000540",
         #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000540,"3"]}]}}"#),
        ("/api/v1/query?query=1e21&time=1700000000",
         #"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"1000000000000000000000"]}}"#),
        ("/api/v1/query_range?query=sum%20by%20(code)(rate(http_requests_total%5B2m%5D))&start=1700000420&end=1700000540&step=60",
         #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"code":"200"},"values":[[1700000420,"1"],[1700000480,"1"],[1700000540,"1"]]},{"metric":{"code":"500"},"values":[[1700000420,"0.1"],[1700000480,"0.1"],[1700000540,"0.1"]]}]}}"#),
        ("/api/v1/query?query=sum(", #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"}"#),
        ("/api/v1/query_range?query=up&start=10&end=5&step=1", #"{"status":"error","errorType":"bad_data","error":"end timestamp must not be before start time"}"#),
        ("/api/v1/query_range?query=up&start=0&end=100000&step=1",
         #"{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"}"#),
        ("/api/v1/query?query=up&time=yesterday",
         #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"time\": cannot parse \"yesterday\" to a valid timestamp"}"#),
        ("/api/v1/labels", #"{"status":"success","data":["__name__","code","job"]}"#),
        ("/api/v1/label/code/values", #"{"status":"success","data":["200","500"]}"#),
        ("/api/v1/series?match%5B%5D=http_requests_total%7Bcode%3D%22200%22%7D",
         #"{"status":"success","data":[{"__name__":"http_requests_total","code":"200","job":"api"}]}"#),
    ])
    func answers(path: String, expected: String) async throws {
        let server = try TestServer()
        try Self.load(server)
        try await server.test { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.text == expected)
        }
    }

    @Test func acceptsFormPosts() async throws {
        let server = try TestServer()
        try Self.load(server)
        try await server.test { client in
            let response = try await client.execute(
                uri: "/api/v1/query", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "query=count(http_requests_total)&time=1700000540"))
            #expect(response.text == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000540,"2"]}]}}"#)
        }
    }
}
