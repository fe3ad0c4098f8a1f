import ArgumentParser
import Foundation
import OnCall
import Server
import VigilConfig
import VigilCore

/// `vigil oncall …`: who is on call, shifts of a schedule, open follow-ups.
struct OnCallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oncall", abstract: "Who is on call, schedule shifts, follow-ups.",
        subcommands: [Who.self, Shifts.self, FollowUps.self])

    struct Who: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who is on call now (or at --at), per schedule, from a running Vigil.")
        @OptionGroup var server: ServerConnection
        @Option(help: "A schedule name (default: all).") var schedule: String?
        @Option(help: "RFC 3339 time (default: now).") var at: String?
        func run() async throws {
            var query: [String] = []
            if let schedule { query.append("schedule=\(schedule)") }
            if let at { query.append("at=\(at)") }
            let data = try await call { try await server.client.get("/api/vigil/v1/oncall" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))) }
            for entry in (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? [] {
                print("\(entry["schedule"] ?? "")\t\(entry["user"] ?? "(nobody)")\t\(entry["name"] ?? "")")
            }
        }
    }

    struct Shifts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The shifts of a schedule in a window, read from a config file (no server needed).")
        @Option(help: "The config file holding the oncall section.") var config: String
        @Argument var schedule: String
        @Option(help: "Start, RFC 3339 (default: now).") var from: String?
        @Option(help: "Length of the window, e.g. 14d (default 7d).") var days = "7d"

        func run() throws {
            let loaded: VigilConfiguration
            do { loaded = try VigilConfiguration.load(path: config) } catch {
                for problem in error.errors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
                throw ExitCode(1)
            }
            guard let oncall = loaded.oncall, let schedule = oncall.schedule(named: schedule) else {
                throw ValidationError("no schedule \(self.schedule) in \(config)")
            }
            let start = try from.map { text -> Date in
                guard let date = ISO8601DateFormatter().date(from: text) else { throw ValidationError("--from: invalid RFC 3339 time \(text)") }
                return date
            } ?? Date()
            let length: PromDuration
            do { length = try PromDuration(parsing: days) } catch { throw ValidationError("--days: \(error.message)") }
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = schedule.timeZone
            for shift in schedule.shifts(from: start, to: start.addingTimeInterval(length.seconds)) {
                let name = oncall.user(shift.user)?.name ?? shift.user.rawValue
                print("\(formatter.string(from: shift.start))\t\(formatter.string(from: shift.end))\t\(shift.user.rawValue)\t\(name)")
            }
        }
    }

    struct FollowUps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "follow-ups", abstract: "Open follow-up tasks of incidents.")
        @OptionGroup var server: ServerConnection
        @Flag(help: "Only overdue ones.") var overdue = false
        func run() async throws {
            let data = try await call { try await server.client.get("/api/vigil/v1/follow-ups" + (overdue ? "?overdue=true" : "")) }
            for entry in (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? [] {
                let task = entry["task"] as? [String: Any] ?? [:]
                print("\(entry["incident"] ?? "")#\(entry["index"] ?? "")\t\((entry["overdue"] as? Bool) == true ? "OVERDUE" : "open")\tdue \(task["dueAt"] ?? "")\t\(task["task"] ?? "")")
            }
        }
    }
}
