import ArgumentParser
import Foundation

/// `vigil incident …`: incidents on a running server (list, show, open, ack, status, note,
/// escalate, resolve, root-cause, runbook step, post-mortem draft).
struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "List, show and act on incidents of a running Vigil.",
        subcommands: [List.self, Show.self, Open.self, Ack.self, Status.self, Note.self, Escalate.self, Resolve.self,
                      RootCause.self, Step.self, PostMortem.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per incident, newest first.")
        @OptionGroup var server: ServerConnection
        @Option(help: "Only these statuses, comma-separated (triggered,acknowledged,investigating,mitigated,resolved).")
        var status: String?

        func run() async throws {
            let query = status.map { "?status=\($0)" } ?? ""
            let data = try await call { try await server.client.get("/api/vigil/v1/incidents\(query)") }
            let list = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
            print(["ID", "STATUS", "SEVERITY", "OPENED", "SLA", "TITLE"].joined(separator: "\t"))
            for entry in list {
                let incident = entry["incident"] as? [String: Any] ?? [:]
                let sla = entry["sla"] as? [String: Any]
                let breached = (sla?["acknowledgeBreached"] as? Bool == true || sla?["resolveBreached"] as? Bool == true) ? "BREACHED" : "ok"
                print([incident["id"], incident["status"], incident["severity"], incident["openedAt"], breached, incident["title"]]
                    .map { "\($0 ?? "")" }.joined(separator: "\t"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The whole incident as JSON: timeline, alerts, SLA, follow-ups, runbook.")
        @OptionGroup var server: ServerConnection
        @Argument var id: String
        func run() async throws {
            print(prettyJSON(try await call { try await server.client.get("/api/vigil/v1/incidents/\(id)") }))
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open an incident by hand.")
        @OptionGroup var server: ServerConnection
        @Option(help: "Who acts; only with auth.mode: none (otherwise the token's user).") var user: String?
        @Option var title: String
        @Option var severity: String
        @Option var summary = ""
        func run() async throws {
            try await act(server, "/api/vigil/v1/incidents", fields(user, ["title": title, "severity": severity, "summary": summary]))
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Acknowledge: you own it, escalation stops.")
        @OptionGroup var server: ServerConnection
        @Option(help: "Who acts; only with auth.mode: none (otherwise the token's user).") var user: String?
        @Argument var id: String
        func run() async throws { try await act(server, "/api/vigil/v1/incidents/\(id)/ack", fields(user)) }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move to investigating, mitigated or resolved.")
        @OptionGroup var server: ServerConnection
        @Option(help: "Who acts; only with auth.mode: none (otherwise the token's user).") var user: String?
        @Argument var id: String
        @Argument var status: String
        func run() async throws { try await act(server, "/api/vigil/v1/incidents/\(id)/status", fields(user, ["status": status])) }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to the timeline.")
        @OptionGroup var server: ServerConnection
        @Option(help: "Who acts; only with auth.mode: none (otherwise the token's user).") var user: String?
        @Argument var id: String
        @Argument var text: String
        func run() async throws { try await act(server, "/api/vigil/v1/incidents/\(id)/notes", fields(user, ["text": text])) }
    }

    struct Escalate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Page the next escalation level now.")
        @OptionGroup var server: ServerConnection
        @Option(help: "Who acts; only with auth.mode: none (otherwise the token's user).") var user: String?
        @Argument var id: String
        func run() async throws { try await act(server, "/api/vigil/v1/incidents/\(id)/escalate", fields(user)) }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resolve (creates the policy's follow-ups).")
        @OptionGroup var server: ServerConnection
        @Option(help: "Who acts; only with auth.mode: none (otherwise the token's user).") var user: String?
        @Argument var id: String
        func run() async throws { try await act(server, "/api/vigil/v1/incidents/\(id)/resolve", fields(user)) }
    }

    struct RootCause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "root-cause", abstract: "File the root cause under a configured category.")
        @OptionGroup var server: ServerConnection
        @Option(help: "Who acts; only with auth.mode: none (otherwise the token's user).") var user: String?
        @Argument var id: String
        @Argument var category: String
        @Option var analysis = ""
        func run() async throws {
            try await act(server, "/api/vigil/v1/incidents/\(id)/root-cause", fields(user, ["category": category, "analysis": analysis]))
        }
    }

    struct Step: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tick a step of the incident's runbook.")
        @OptionGroup var server: ServerConnection
        @Option(help: "Who acts; only with auth.mode: none (otherwise the token's user).") var user: String?
        @Argument var id: String
        @Argument var step: String
        func run() async throws { try await act(server, "/api/vigil/v1/incidents/\(id)/runbook/steps/\(step)", fields(user)) }
    }

    struct PostMortem: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "postmortem", abstract: "Print the post-mortem draft (Markdown).")
        @OptionGroup var server: ServerConnection
        @Argument var id: String
        func run() async throws {
            print(String(decoding: try await call { try await server.client.get("/api/vigil/v1/incidents/\(id)/postmortem") }, as: UTF8.self))
        }
    }
}

/// A change's body: its fields, plus `user` when given.
private func fields(_ user: String?, _ fields: [String: Any] = [:]) -> [String: Any] {
    var body = fields
    if let user { body["user"] = user }
    return body
}

/// Posts a change and prints the incident's new status line.
private func act(_ server: ServerConnection, _ path: String, _ body: [String: Any]) async throws {
    let data = try await call { try await server.client.post(path, body) }
    let incident = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["incident"] as? [String: Any] ?? [:]
    print("\(incident["id"] ?? "?") \(incident["status"] ?? "?"): \(incident["title"] ?? "")")
}

/// Runs an API call; a refusal prints the server's message and exits 1.
func call(_ body: () async throws -> Data) async throws -> Data {
    do { return try await body() } catch let failure as APIClient.Failure {
        FileHandle.standardError.write(Data("vigil: \(failure.message)\n".utf8))
        throw ExitCode(1)
    }
}
