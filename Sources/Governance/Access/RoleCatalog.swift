/// The roles a server knows: the built-in ones and those from config, looked up by name.
public struct RoleCatalog: Sendable, Hashable {
    public private(set) var roles: [String: Role]

    /// The built-in roles plus `custom`; a custom role may not reuse a built-in name.
    public init(custom: [Role] = []) throws(RoleError) {
        roles = Dictionary(uniqueKeysWithValues: Role.builtIn.map { ($0.name, $0) })
        for role in custom {
            guard roles[role.name] == nil else { throw .duplicate(role.name) }
            roles[role.name] = role
        }
    }

    /// The role named `name`.
    public func role(named name: String) throws(RoleError) -> Role {
        guard let role = roles[name] else { throw .unknown(name) }
        return role
    }
}

/// A role name that cannot be used.
public enum RoleError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknown(String)
    case duplicate(String)

    public var description: String {
        switch self {
        case .unknown(let name): "unknown role \(quoted(name))"
        case .duplicate(let name): "role \(quoted(name)) is defined more than once"
        }
    }
}

/// `text` in double quotes with control characters, quotes and backslashes escaped, so names
/// from users print on one line.
func quoted(_ text: String) -> String {
    var out: [UInt8] = []
    AuditValue.appendString(text, to: &out)
    return String(decoding: out, as: UTF8.self)
}
