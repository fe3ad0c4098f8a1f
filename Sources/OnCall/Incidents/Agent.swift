/// Who did something to an incident: a person, or Vigil itself (an escalation timer,
/// auto-resolve, an automated action) named by what acted.
public enum Agent: Sendable, Hashable, Codable, CustomStringConvertible {
    case user(UserID)
    case system(String)

    public var description: String {
        switch self {
        case .user(let id): id.rawValue
        case .system(let what): "vigil (\(what))"
        }
    }
}
