import Foundation
import Governance

extension Principal {
    /// A caller without credentials let in by `auth.compat` with `role`. Its user ID is empty,
    /// which no stored user has; the ledger names it `anonymous@<address>`.
    static func anonymous(role: Role, address: String) -> Principal {
        Principal(user: User(id: "", name: "anonymous@\(address)", role: role.name, createdAt: Date(timeIntervalSince1970: 0)),
                  role: role)
    }
}
