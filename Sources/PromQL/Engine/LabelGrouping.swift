import VigilCore

/// Which of a sample's labels name its group (`by (...)` keeps the listed ones, `without (...)`
/// drops them and `__name__`), with the group's hash and equality computed on the sample's own
/// labels: grouping allocates a label set per group, not per sample.
struct LabelGrouping {
    /// Sorted; kept when `without` is false, dropped when it is true.
    private let names: [String]
    private let without: Bool

    private init(names: [String], without: Bool) {
        self.names = Array(Set(names)).sorted()
        self.without = without
    }

    /// `by (names)`: the listed labels only.
    init(by names: [String]) { self.init(names: names, without: false) }

    /// `without (names)`: every label but the listed ones and `__name__`.
    init(without names: [String]) { self.init(names: names + [Label.metricName], without: true) }

    /// Every label but the listed ones (`__name__` stays unless listed).
    init(dropping names: [String]) { self.init(names: names, without: true) }

    /// Whether the label `name` is part of the group's identity.
    @inline(__always) func includes(_ name: String) -> Bool {
        names.contains(name) != without
    }

    /// The group's label set, as `keeping` / `removing` would build it.
    func key(_ labels: Labels) -> Labels {
        Labels(sortedUnchecked: labels.pairs.filter { includes($0.name) })
    }

    /// A hash of the labels `key(labels)` would keep, equal for equal keys.
    func hash(_ labels: Labels) -> Int {
        var hasher = Hasher()
        for pair in labels.pairs where includes(pair.name) {
            hasher.combine(pair.name)
            hasher.combine(pair.value)
        }
        return hasher.finalize()
    }

    /// Whether `key(labels) == key`, without building `key(labels)`.
    func matches(_ labels: Labels, key: Labels) -> Bool {
        var index = key.pairs.startIndex
        for pair in labels.pairs where includes(pair.name) {
            guard index < key.pairs.endIndex, key.pairs[index] == pair else { return false }
            index += 1
        }
        return index == key.pairs.endIndex
    }
}

/// Slots of groups found by `LabelGrouping`: hash → slot, with a chain for the rare collision.
struct GroupSlots {
    private var first: [Int: Int]
    private var next: [Int] = []

    init(capacity: Int) { first = Dictionary(minimumCapacity: capacity) }

    /// The slot whose group `isGroup` accepts among those with `hash`, else nil.
    @inline(__always) func find(_ hash: Int, _ isGroup: (Int) -> Bool) -> Int? {
        var slot = first[hash] ?? -1
        while slot >= 0 {
            if isGroup(slot) { return slot }
            slot = next[slot]
        }
        return nil
    }

    /// Records that the next slot (slots are numbered from 0 in insertion order) has `hash`.
    mutating func insert(_ hash: Int) -> Int {
        let slot = next.count
        next.append(first[hash] ?? -1)
        first[hash] = slot
        return slot
    }
}
