import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Server
import Testing
import VigilConfig
import VigilTestSupport

/// `POST /-/reload` applies a valid file and keeps the running config when the file is bad.
@Suite struct ReloadTests {
    @Test func reloadAppliesValidFilesAndKeepsTheOldOneOnError() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("vigil.yml").path
        try "auth: {mode: none}\nroute: {receiver: first}\nreceivers: [{name: first}]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let server = try VigilServer(
            options: ServerOptions(dataDirectory: nil, configPath: path), config: try VigilConfiguration.load(path: path),
            registry: PrometheusCollectorRegistry(), clock: ManualClock(), integrationFactory: { _, _, _ in [] },
            logger: Logger(label: "test"))
        try await server.system.start(config: await server.state.config, externalURL: "http://vigil.test")
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            try "auth: {mode: none}\nroute: {receiver: second}\nreceivers: [{name: second}]\n".write(toFile: path, atomically: true, encoding: .utf8)
            let ok = try await client.execute(uri: "/-/reload", method: .post)
            #expect(ok.status == .ok)
            #expect(String(buffer: try await client.execute(uri: "/api/v2/receivers", method: .get).body) == #"[{"name":"second"}]"#)

            try "auth: {mode: none}\nroute: {receiver: third}\nreceivers: [{name: second}]\n".write(toFile: path, atomically: true, encoding: .utf8)
            let bad = try await client.execute(uri: "/-/reload", method: .post)
            #expect(bad.status == .badRequest)
            let error = try JSONSerialization.jsonObject(with: Data(String(buffer: bad.body).utf8)) as? [String: [String: String]]
            let message = try #require(error?["error"]?["message"])
            #expect(message == #"failed to reload config: \#(path):2:19: route.receiver: undefined receiver "third" used in route"#)
            #expect(String(buffer: try await client.execute(uri: "/api/v2/receivers", method: .get).body) == #"[{"name":"second"}]"#)
            let health = String(buffer: try await client.execute(uri: "/health", method: .get).body)
            #expect(health.contains("last reload failed"))
        }
    }
}
