/// The series carrying one label pair in `MemPostings`: a single reference inline, or a list.
///
/// Most label values with many distinct values (ids, addresses) belong to one series each; a list
/// would cost them an allocation of its own (48 bytes with the array header) beside the 8 bytes
/// held here.
enum ValuePostings: Sendable {
    case one(UInt32)
    case many(Postings)

    /// The references, sorted; the one-reference form builds its list on demand.
    var list: Postings {
        switch self {
        case .one(let ref): return [ref]
        case .many(let list): return list
        }
    }

    /// Adds `ref`, keeping the references sorted and unique.
    mutating func insert(_ ref: UInt32) {
        switch self {
        case .one(let only):
            if only == ref { return }
            self = .many(only < ref ? [only, ref] : [ref, only])
        case .many(var list):
            self = .one(0)  // drop this enum's hold on the list so it is appended to in place
            Postings.insertSorted(ref, into: &list)
            self = .many(list)
        }
    }

    /// These postings without `refs`; nil when none remain.
    func removing(_ refs: Set<UInt32>) -> ValuePostings? {
        switch self {
        case .one(let ref): return refs.contains(ref) ? nil : self
        case .many(let list):
            let kept = list.filter { !refs.contains($0) }
            switch kept.count {
            case 0: return nil
            case 1: return .one(kept[0])
            default: return .many(Postings(kept))
            }
        }
    }
}

extension Postings {
    /// Inserts `ref` into the sorted `list` unless present; appending when it is the largest.
    static func insertSorted(_ ref: UInt32, into list: inout Postings) {
        guard let last = list.last, last >= ref else {
            list.append(ref)
            return
        }
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < ref { low = mid + 1 } else { high = mid }
        }
        if low < list.count, list[low] == ref { return }
        list.insert(ref, at: low)
    }
}
