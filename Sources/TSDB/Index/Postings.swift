/// A sorted list of series references without duplicates: the unit of the inverted index.
///
/// Set operations merge in one pass, as Prometheus's `tsdb/index/postings.go` iterators do.
typealias Postings = ContiguousArray<UInt32>

enum PostingsOps {
    /// References in both `a` and `b`.
    static func intersect(_ a: Postings, _ b: Postings) -> Postings {
        var out = Postings()
        out.reserveCapacity(min(a.count, b.count))
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            if x == y {
                out.append(x)
                i += 1
                j += 1
            } else if x < y {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }

    /// References in `a` but not in `b`.
    static func subtract(_ a: Postings, _ b: Postings) -> Postings {
        if b.isEmpty { return a }
        var out = Postings()
        out.reserveCapacity(a.count)
        var j = 0
        for x in a {
            while j < b.count, b[j] < x { j += 1 }
            if j < b.count, b[j] == x { continue }
            out.append(x)
        }
        return out
    }

    /// References in any of `lists`.
    static func union(_ lists: [Postings]) -> Postings {
        switch lists.count {
        case 0: return []
        case 1: return lists[0]
        case 2: return merge(lists[0], lists[1])
        default:
            // Pairwise merging keeps each pass linear; log2(k) passes in all.
            var level = lists
            while level.count > 1 {
                var next: [Postings] = []
                next.reserveCapacity((level.count + 1) / 2)
                var index = 0
                while index + 1 < level.count {
                    next.append(merge(level[index], level[index + 1]))
                    index += 2
                }
                if index < level.count { next.append(level[index]) }
                level = next
            }
            return level[0]
        }
    }

    private static func merge(_ a: Postings, _ b: Postings) -> Postings {
        var out = Postings()
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            if x == y {
                out.append(x)
                i += 1
                j += 1
            } else if x < y {
                out.append(x)
                i += 1
            } else {
                out.append(y)
                j += 1
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }
}
