import ArgumentParser
import Foundation
import Governance
import Persistence
import VigilCore

/// `vigil user add|list|disable|role|passwd`: manage users in the state database; every change is ledgered.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users (each change is recorded in the audit ledger).",
        subcommands: [Add.self, List.self, Disable.self, SetRole.self, Passwd.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user with a role.")
        @OptionGroup var options: AccessOptions
        @Argument(help: "User name (unique).") var name: String
        @Option(name: .long, help: "Role: viewer, operator, approver, admin, or a custom role.") var role: String
        @Flag(name: .long, help: "Read a password (for HTTP Basic sign-in) from the first line of standard input.")
        var passwordStdin = false

        func run() async throws {
            let access = try options.repository(create: true)
            let password = try passwordStdin ? readPassword() : nil
            let user = try await access.createUser(name: name, role: role, password: password, by: options.resolvedActor)
            note("created user \(quoteGoString(user.name)) (id \(user.id), role \(user.role))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users: name, role, state, id.")
        @OptionGroup var options: AccessOptions

        func run() async throws {
            for user in try await options.repository(create: false).users() {
                print([user.name, user.role, user.disabled ? "disabled" : "enabled", user.id].joined(separator: "\t"))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: sign-in and all their tokens fail.")
        @OptionGroup var options: AccessOptions
        @Argument(help: "User name.") var name: String
        @Flag(name: .long, help: "Enable the user again instead.") var enable = false

        func run() async throws {
            let access = try options.repository(create: false)
            let user = try await options.user(named: name, in: access)
            try await access.setDisabled(userID: user.id, !enable, by: options.resolvedActor)
            note("\(enable ? "enabled" : "disabled") user \(quoteGoString(name))")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password from the first line of standard input; their sessions end.")
        @OptionGroup var options: AccessOptions
        @Argument(help: "User name.") var name: String

        func run() async throws {
            let access = try options.repository(create: false)
            let user = try await options.user(named: name, in: access)
            try await access.setPassword(userID: user.id, password: try readPassword(), by: options.resolvedActor)
            note("password of user \(quoteGoString(name)) changed")
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role", abstract: "Give a user another role; their tokens are capped by it from the next request.")
        @OptionGroup var options: AccessOptions
        @Argument(help: "User name.") var name: String
        @Argument(help: "The new role.") var role: String

        func run() async throws {
            let access = try options.repository(create: false)
            let user = try await options.user(named: name, in: access)
            try await access.setRole(userID: user.id, role: role, by: options.resolvedActor)
            note("user \(quoteGoString(name)) now has role \(role)")
        }
    }
}

/// The first line of standard input, which must not be empty.
private func readPassword() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw ValidationError("no password on standard input")
    }
    return line
}
