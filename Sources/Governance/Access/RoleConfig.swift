import VigilCore
import VigilConfig

/// The `roles:` section of the config: custom roles as sets of named permissions, decoded strictly.
///
/// ```yaml
/// roles:
///   - name: oncall
///     description: silences and acknowledges, nothing else
///     permissions: [alerts.read, silences.read, silences.write, incidents.acknowledge]
/// ```
public struct RoleConfig: Sendable, Hashable, Decodable {
    public var roles: [CustomRole]

    public init(roles: [CustomRole]) { self.roles = roles }

    public enum CodingKeys: String, CodingKey, CaseIterable { case roles }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "roles config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roles = try c.decode([CustomRole].self, forKey: .roles, default: [])
        var problems = SemanticErrors()
        var seen: Set<String> = Set(Role.builtIn.map(\.name))
        for (index, role) in roles.enumerated() where !seen.insert(role.name).inserted {
            problems.add(c.codingPath + [CodingKeys.roles, AnyCodingKey.index(index), AnyCodingKey("name")],
                         RoleError.duplicate(role.name).description)
        }
        try problems.throwIfAny()
    }

    /// The catalog of built-in and these roles.
    public func catalog() throws(RoleError) -> RoleCatalog {
        try RoleCatalog(custom: roles.map { Role(name: $0.name, permissions: $0.permissions, description: $0.description) })
    }

    /// One custom role.
    public struct CustomRole: Sendable, Hashable, Decodable {
        public var name: String
        public var description: String
        public var permissions: Set<Permission>

        public enum CodingKeys: String, CodingKey, CaseIterable { case name, description, permissions }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, in: "role")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
                || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }) else {
                throw c.invalid(.name, "role name \(quoted(name)) must be letters, digits, '-' or '_'")
            }
            description = try c.decode(String.self, forKey: .description, default: "")
            let names = try c.decode([String].self, forKey: .permissions, default: [])
            var permissions: Set<Permission> = []
            for (index, raw) in names.enumerated() {
                guard let permission = Permission(rawValue: raw) else {
                    throw DecodingError.dataCorrupted(DecodingError.Context(
                        codingPath: c.codingPath + [CodingKeys.permissions, AnyCodingKey.index(index)],
                        debugDescription: "unknown permission \(quoted(raw))"))
                }
                permissions.insert(permission)
            }
            self.permissions = permissions
        }

        public init(name: String, description: String = "", permissions: Set<Permission>) {
            self.name = name
            self.description = description
            self.permissions = permissions
        }
    }
}
