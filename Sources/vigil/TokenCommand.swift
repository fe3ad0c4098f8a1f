import ArgumentParser
import Foundation
import Governance
import Persistence
import VigilCore

/// `vigil token create|list|revoke`: API tokens in the state database; every change is ledgered.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens (each change is recorded in the audit ledger).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token; prints the secret once on standard output (only its hash is stored).")
        @OptionGroup var options: AccessOptions
        @Option(name: .long, help: "The user the token acts as.") var user: String
        @Option(name: .long, help: "What the token is for.") var name = "api"
        @Option(name: .long, help: "Role the token is scoped to (default: the user's role); never more than the user's.")
        var role: String?
        @Option(name: .long, help: "Lifetime as a Prometheus duration (90d, 12h); default: no expiry.") var expiresIn: String?

        func validate() throws {
            if let expiresIn {
                do {
                    if try PromDuration(parsing: expiresIn).milliseconds <= 0 { throw ValidationError("--expires-in: must be positive") }
                } catch let error as PromDurationError {
                    throw ValidationError("--expires-in: \(error)")
                }
            }
        }

        func run() async throws {
            let access = try options.repository(create: false)
            let owner = try await options.user(named: user, in: access)
            let expiresAt = try expiresIn.map { SystemClock().now().addingTimeInterval(try PromDuration(parsing: $0).seconds) }
            let (token, secret) = try await access.createToken(userID: owner.id, name: name, role: role ?? owner.role,
                                                               expiresAt: expiresAt, by: options.resolvedActor)
            note("created token \(token.id) for \(quoteGoString(owner.name)) (role \(token.role), expires \(token.expiresAt.map { $0.formatted(.iso8601) } ?? "never")); it is shown only now")
            print(secret.text)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens: id, user, name, role, state, expiry, last use.")
        @OptionGroup var options: AccessOptions
        @Option(name: .long, help: "Only this user's tokens.") var user: String?

        func run() async throws {
            let access = try options.repository(create: false)
            let users = if let user { [try await options.user(named: user, in: access)] } else { try await access.users() }
            let now = SystemClock().now()
            for owner in users {
                for token in try await access.tokens(userID: owner.id) {
                    let state = token.refusal(at: now).map { error -> String in
                        if case .tokenRevoked = error { return "revoked" }
                        return "expired"
                    } ?? "active"
                    print([token.id, owner.name, token.name, token.role, state,
                           token.expiresAt.map { $0.formatted(.iso8601) } ?? "never",
                           token.lastUsedAt.map { $0.formatted(.iso8601) } ?? "never-used"].joined(separator: "\t"))
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token from now on.")
        @OptionGroup var options: AccessOptions
        @Argument(help: "Token ID (from `vigil token list`).") var id: String

        func run() async throws {
            try await options.repository(create: false).revokeToken(id: id, by: options.resolvedActor)
            note("revoked token \(id)")
        }
    }
}
