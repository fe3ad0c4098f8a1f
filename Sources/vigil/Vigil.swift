import ArgumentParser
import Server

@main
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Alerting and incident-response server, compatible with Prometheus Alertmanager.",
        version: VigilVersion.version,
        subcommands: [Serve.self, ConfigCommand.self, RulesCommand.self, IncidentCommand.self, OnCallCommand.self, DrillCommand.self,
                      PromQLCommand.self, AuditCommand.self, BenchHeadMemory.self,
                      UserCommand.self, TokenCommand.self])
}
