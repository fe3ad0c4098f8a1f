import Foundation

/// A person (or a machine account) who can sign in or own API tokens.
public struct User: Sendable, Hashable {
    public var id: String
    /// Unique; stored verbatim.
    public var name: String
    /// A role name in the `RoleCatalog`.
    public var role: String
    /// A disabled user cannot sign in and their tokens fail.
    public var disabled: Bool
    public var createdAt: Date

    public init(id: String, name: String, role: String, disabled: Bool = false, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// Who is making a request and what they may do: a user, the role in effect, and the token used.
public struct Principal: Sendable, Hashable {
    public var user: User
    /// For a token, the intersection of the token's role and the user's role, named after the token's.
    public var role: Role
    /// The API token used, nil for a password session.
    public var tokenID: String?

    public init(user: User, role: Role, tokenID: String? = nil) {
        self.user = user
        self.role = role
        self.tokenID = tokenID
    }

    public func allows(_ permission: Permission) -> Bool { role.allows(permission) }

    /// How the ledger names this principal: the user name, with the token ID when one was used.
    public var auditActor: String { tokenID.map { "\(user.name) (token \($0))" } ?? user.name }
}
