import Alerting
import Foundation
import Hummingbird
import VigilCore
import Yams

/// `/api/v2/status` and `/api/v2/receivers`. `config.original` is the config in force with
/// every secret shown as `<secret>`, which is what `amtool config show` prints.
struct StatusAPI: Sendable {
    let state: ServerState
    let startedAt: Date

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("api/v2/status", use: status)
        router.get("api/v2/receivers", use: receivers)
    }

    @Sendable func status(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let config = await state.config
        let original = (try? YAMLEncoder().encode(config)) ?? ""
        return try jsonResponse(WireStatus(
            cluster: .init(status: "disabled", peers: []),
            versionInfo: .init(version: VigilVersion.version, revision: VigilVersion.revision, branch: "main",
                               buildUser: "vigil", buildDate: "", goVersion: "swift"),
            config: .init(original: original),
            uptime: GoTime.format(startedAt)))
    }

    @Sendable func receivers(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let config = await state.config
        return try jsonResponse(config.alertmanager.receivers.map { WireReceiver(name: $0.name) })
    }
}

/// Vigil's version, as `/api/v2/status` and `vigil --version` report it.
public enum VigilVersion {
    public static let version = "0.1.0"
    public static let revision = "dev"
}
