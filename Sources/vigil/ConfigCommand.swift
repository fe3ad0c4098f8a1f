import Alerting
import ArgumentParser
import Foundation
import OnCall
import Rules
import Runbooks
import Server
import VigilConfig
import VigilCore

/// `vigil config check FILE...`: validates config files like `amtool check-config`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with Vigil config files.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check config files; print every problem with file:line:col and exit non-zero on any.")

        @Argument(help: "Config files to check.")
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one config file") }
        }

        func run() async throws {
            var failed = false
            for file in files {
                do {
                    let config = try VigilConfiguration.load(path: file)
                    do {
                        _ = try config.notificationTemplates(clock: SystemClock())
                    } catch {
                        throw ConfigErrors([ConfigError(position: nil, message: "\(error)")])
                    }
                    let groups = try config.ruleGroups(compatibility: config.promql.compatibility)
                    let runbooks = try config.runbookLibrary()
                    let am = config.alertmanager
                    print("Checking '\(file)'  SUCCESS")
                    print("Found:")
                    print(" - global config")
                    print(" - route")
                    print(" - \(am.inhibitRules.count) inhibit rules")
                    print(" - \(am.receivers.count) receivers")
                    print(" - \(am.templates.count) templates")
                    // Vigil's own sections: only listed when present, so Alertmanager files print as amtool prints them.
                    if !groups.isEmpty {
                        print(" - \(groups.count) rule groups with \(groups.reduce(0) { $0 + $1.rules.count }) rules")
                    }
                    if let runbooks { print(" - \(runbooks.runbooks.count) runbooks") }
                    if let oncall = config.oncall {
                        print(" - on-call: \(oncall.users.count) users, \(oncall.schedules.count) schedules, \(oncall.escalationPolicies.count) escalation policies")
                    }
                } catch let error as ConfigErrors {
                    failed = true
                    print("Checking '\(file)'  FAILED:")
                    for problem in error.errors { print("  \(problem)") }
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
