/// Why a sample was not stored.
public enum RejectionReason: String, Sendable, Hashable, CaseIterable {
    /// Older than the series' newest sample (Prometheus's `ErrOutOfOrderSample`).
    case outOfOrder
    /// Same timestamp as the series' newest sample with different value bits
    /// (`ErrDuplicateSampleForTimestamp`); an identical duplicate is accepted silently.
    case duplicateTimestampDifferentValue
    /// Older than the head's minimum valid time: that range is already in a block
    /// (`ErrOutOfBounds`).
    case outOfBounds
}

/// Counts of rejected samples by reason.
public struct Rejections: Sendable, Hashable {
    public var outOfOrder = 0
    public var duplicateTimestampDifferentValue = 0
    public var outOfBounds = 0

    public init() {}

    public var total: Int { outOfOrder + duplicateTimestampDifferentValue + outOfBounds }

    public subscript(reason: RejectionReason) -> Int {
        get {
            switch reason {
            case .outOfOrder: outOfOrder
            case .duplicateTimestampDifferentValue: duplicateTimestampDifferentValue
            case .outOfBounds: outOfBounds
            }
        }
        set {
            switch reason {
            case .outOfOrder: outOfOrder = newValue
            case .duplicateTimestampDifferentValue: duplicateTimestampDifferentValue = newValue
            case .outOfBounds: outOfBounds = newValue
            }
        }
    }

    static func += (lhs: inout Rejections, rhs: Rejections) {
        for reason in RejectionReason.allCases { lhs[reason] += rhs[reason] }
    }
}

/// The outcome of one commit.
public struct CommitResult: Sendable, Hashable {
    /// Samples stored, identical duplicates included.
    public var accepted = 0
    /// Samples refused, by reason; none of them reached the WAL or the head.
    public var rejected = Rejections()
    /// Series created by this commit.
    public var seriesCreated = 0
}
