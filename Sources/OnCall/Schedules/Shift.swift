import Foundation
import VigilCore

/// A stretch of time one person is on call in a schedule, and what put them there.
public struct Shift: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Source: Sendable, Hashable, Codable {
        /// A rotation layer, by name.
        case layer(String)
        case override
    }

    public var user: UserID
    /// Inclusive.
    public var start: Date
    /// Exclusive.
    public var end: Date
    public var source: Source

    public init(user: UserID, start: Date, end: Date, source: Source) {
        self.user = user
        self.start = start
        self.end = end
        self.source = source
    }

    public var description: String {
        let from = ISO8601DateFormatter.string(from: start, timeZone: .gmt, formatOptions: [.withInternetDateTime])
        let to = ISO8601DateFormatter.string(from: end, timeZone: .gmt, formatOptions: [.withInternetDateTime])
        return "\(user) \(from)..\(to)"
    }
}
