import ArgumentParser
import Foundation

/// `vigil drill ALERTNAME`: sends a synthetic, clearly marked alert through a running Vigil and
/// reports each hop: routes and receivers, silences, the incident rule and escalation plan, then
/// every delivery attempt as it happens. Exit 1 when a routed receiver got no successful delivery
/// within `--wait`.
struct DrillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill", abstract: "Prove routing, escalation and receivers work with a synthetic alert (seed 003's playbook test).")

    @OptionGroup var server: ServerConnection
    @Argument(help: "The alert name to simulate, e.g. DivanAuthBruteForce.") var alertname: String
    @Option(name: .customLong("label"), help: "Extra label NAME=VALUE (repeatable), e.g. severity=critical.") var labels: [String] = []
    @Option(help: "Who runs the drill (recorded).") var user = ProcessInfo.processInfo.environment["USER"] ?? "drill"
    @Option(help: "Seconds to wait for deliveries.") var wait = 90.0

    func run() async throws {
        var labelMap: [String: String] = [:]
        for label in labels {
            guard let eq = label.firstIndex(of: "=") else { throw ValidationError("--label \(label): expected NAME=VALUE") }
            labelMap[String(label[..<eq])] = String(label[label.index(after: eq)...])
        }
        let client = server.client
        let data = try await call { try await client.post("/api/vigil/v1/drills", ["alertname": alertname, "user": user, "labels": labelMap]) }
        let report = (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        let fingerprint = report["fingerprint"] as? String ?? ""
        let startedAt = report["startedAt"] as? String ?? ""
        print("drill alert \(alertname) fingerprint \(fingerprint), labels \(report["labels"] ?? [:])")
        let routes = report["routes"] as? [[String: Any]] ?? []
        for route in routes {
            print("  route -> receiver \(route["receiver"] ?? "?") (group_by \(route["groupBy"] ?? []), group_wait \(route["groupWaitSeconds"] ?? 0)s)")
        }
        if let silences = report["silencedBy"] as? [String], !silences.isEmpty { print("  SILENCED by \(silences.joined(separator: ", "))") }
        if let incident = report["incident"] as? [String: Any] {
            print("  incident rule \(incident["rule"] ?? "?") opens a \(incident["severity"] ?? "?") incident (escalation policy \(incident["escalationPolicy"] ?? "none"))")
            for step in report["escalation"] as? [[String: Any]] ?? [] {
                print("    \(step["level"] ?? "?") at \(step["dueAt"] ?? "?"): users \(step["users"] ?? []) receivers \(step["receivers"] ?? [])"
                    + ((step["uncoveredSchedules"] as? [String]).map { $0.isEmpty ? "" : " UNCOVERED \($0)" } ?? ""))
            }
        } else {
            print("  no incident rule matches: no incident, no escalation")
        }

        var pending = Set(routes.compactMap { $0["receiver"] as? String })
        var delivered: Set<String> = []
        var seen: Set<String> = []
        let deadline = Date().addingTimeInterval(wait)
        while !pending.isEmpty && Date() < deadline {
            try await Task.sleep(for: .seconds(1))
            let attempts = (try? JSONSerialization.jsonObject(with: try await client.get("/api/vigil/v1/notifications?since=\(startedAt)&limit=1000")))
                as? [[String: Any]] ?? []
            for attempt in attempts where (attempt["alerts"] as? [String])?.contains(fingerprint) == true {
                let key = "\(attempt["outboxID"] ?? "")/\(attempt["attempt"] ?? "")"
                guard seen.insert(key).inserted else { continue }
                let receiver = attempt["receiver"] as? String ?? "?"
                let ok = attempt["success"] as? Bool == true
                print("  delivery \(attempt["integration"] ?? "?"): \(ok ? "OK" : "FAILED") in \(attempt["latencySeconds"] ?? 0)s"
                    + ((attempt["error"] as? String).map { " (\($0))" } ?? ""))
                if ok { delivered.insert(receiver); pending.remove(receiver) }
            }
        }
        if pending.isEmpty {
            print("drill passed: \(delivered.count) receiver(s) delivered")
        } else {
            print("drill FAILED: no successful delivery to \(pending.sorted().joined(separator: ", ")) within \(Int(wait))s")
            throw ExitCode(1)
        }
    }
}
