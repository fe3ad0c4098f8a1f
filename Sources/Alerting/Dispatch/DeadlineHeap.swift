import Foundation

/// A min-heap of (deadline, item). Entries are never updated in place: a caller pushes a new
/// one and ignores stale ones when they surface.
struct DeadlineHeap<Item: Sendable>: Sendable {
    private var entries: [(Date, Item)] = []

    var peek: Date? { entries.first?.0 }
    var count: Int { entries.count }

    mutating func push(_ deadline: Date, _ item: Item) {
        entries.append((deadline, item))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if entries[parent].0 <= entries[child].0 { break }
            entries.swapAt(parent, child)
            child = parent
        }
    }

    mutating func popIfDue(_ now: Date) -> (Date, Item)? {
        guard let first = entries.first, first.0 <= now else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < entries.count, entries[left].0 < entries[smallest].0 { smallest = left }
                if right < entries.count, entries[right].0 < entries[smallest].0 { smallest = right }
                if smallest == parent { break }
                entries.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
