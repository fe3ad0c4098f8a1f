import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Talks to a running Vigil's HTTP API for the CLI's incident, on-call and drill commands.
/// A non-2xx answer becomes `APIClient.Failure` carrying the server's message.
struct APIClient {
    let base: String
    /// An API token (`--token` or `VIGIL_TOKEN`), sent as `Authorization: Bearer`.
    let token: String?

    struct Failure: Error, CustomStringConvertible {
        var status: UInt
        var message: String
        var description: String { "HTTP \(status): \(message)" }
    }

    func get(_ path: String) async throws -> Data { try await send("GET", path, body: nil) }

    func post(_ path: String, _ body: [String: Any]) async throws -> Data {
        try await send("POST", path, body: try JSONSerialization.data(withJSONObject: body))
    }

    private func send(_ method: String, _ path: String, body: Data?) async throws -> Data {
        var request = HTTPClientRequest(url: base.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let data = Data(buffer: bytes)
        guard (200..<300).contains(response.status.code) else {
            let message = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])
                .flatMap { ($0["error"] as? [String: Any])?["message"] as? String ?? $0["error"] as? String }
                ?? String(decoding: data, as: UTF8.self)
            throw Failure(status: response.status.code, message: message)
        }
        return data
    }
}

/// Options every API-talking command shares: where Vigil runs and how to authenticate.
struct ServerConnection: ParsableArguments {
    @Option(name: .long, help: "Vigil's base URL.")
    var url = "http://127.0.0.1:9797"

    @Option(name: .long, help: "API token (default: the VIGIL_TOKEN environment variable).")
    var token: String?

    var client: APIClient { APIClient(base: url, token: token ?? ProcessInfo.processInfo.environment["VIGIL_TOKEN"]) }
}

/// Pretty-prints JSON for `show`-style commands.
func prettyJSON(_ data: Data) -> String {
    guard let object = try? JSONSerialization.jsonObject(with: data),
          let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else { return String(decoding: data, as: UTF8.self) }
    return String(decoding: pretty, as: UTF8.self)
}
