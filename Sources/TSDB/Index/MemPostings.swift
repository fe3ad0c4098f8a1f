import VigilCore

/// An inverted index from label pairs to sorted series references, resolving matchers by set
/// operations as Prometheus's `PostingsForMatchers` (`tsdb/querier.go`) does.
///
/// References must be added in increasing order, which keeps every list sorted by appending.
struct MemPostings: Sendable {
    /// Label name → value → references of the series carrying that pair.
    private(set) var byName: [String: [String: ValuePostings]] = [:]
    /// Every reference in the index.
    private(set) var all = Postings()

    init() {}

    mutating func add(_ ref: UInt32, _ labels: Labels) {
        Postings.insertSorted(ref, into: &all)
        for pair in labels.pairs { byName[pair.name, default: [:]][pair.value, default: .one(ref)].insert(ref) }
    }

    /// Removes `refs` from every list, dropping emptied values and names.
    mutating func remove(_ refs: Set<UInt32>) {
        guard !refs.isEmpty else { return }
        all.removeAll { refs.contains($0) }
        for (name, values) in byName {
            var kept: [String: ValuePostings] = [:]
            for (value, postings) in values {
                if let remaining = postings.removing(refs) { kept[value] = remaining }
            }
            byName[name] = kept.isEmpty ? nil : kept
        }
    }

    /// The label names present, unsorted.
    var names: Dictionary<String, [String: ValuePostings]>.Keys { byName.keys }

    /// The values `name` takes, unsorted.
    func values(of name: String) -> [String] { byName[name].map { Array($0.keys) } ?? [] }

    /// References of the series satisfying every matcher.
    ///
    /// A matcher that accepts "" also selects series lacking its label, so it is resolved by
    /// subtracting the series whose value it rejects; any other matcher intersects with the
    /// union of the values it accepts. With no intersecting matcher, the start is every series.
    func select(_ matchers: [LabelMatcher]) -> Postings {
        var intersections: [Postings] = []
        var subtractions: [Postings] = []
        for matcher in matchers {
            let values = byName[matcher.name] ?? [:]
            if matcher.matchesEmpty {
                if matcher.type == .notEqual {
                    if let postings = values[matcher.value] { subtractions.append(postings.list) }
                } else {
                    subtractions.append(PostingsOps.union(values.compactMap { matcher.matches($0.key) ? nil : $0.value.list }))
                }
            } else if matcher.type == .equal {
                guard let postings = values[matcher.value] else { return [] }
                intersections.append(postings.list)
            } else {
                let list = PostingsOps.union(values.compactMap { matcher.matches($0.key) ? $0.value.list : nil })
                if list.isEmpty { return [] }
                intersections.append(list)
            }
        }
        // Smallest first keeps every intermediate result small.
        intersections.sort { $0.count < $1.count }
        var result = intersections.first ?? all
        for list in intersections.dropFirst() {
            if result.isEmpty { return result }
            result = PostingsOps.intersect(result, list)
        }
        for list in subtractions {
            if result.isEmpty { return result }
            result = PostingsOps.subtract(result, list)
        }
        return result
    }
}
