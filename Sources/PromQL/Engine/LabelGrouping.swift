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

/// Slots of groups found by `LabelGrouping`: hash → slot in an open-addressed table (a
/// `Dictionary` hashed the hash again), with a chain for groups whose hashes are equal.
struct GroupSlots {
    /// Per table entry: a slot whose group has the entry's hash, -1 when empty.
    private var table: [Int]
    private var hashes: [Int]
    private var mask: Int
    /// Per slot: the previous slot with the same hash, -1 at the end of the chain.
    private var next: [Int] = []

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = Array(repeating: -1, count: size)
        hashes = Array(repeating: 0, count: size)
        mask = size - 1
        next.reserveCapacity(capacity)
    }

    /// The table entry for `hash`: where it is, or the empty entry where it would go.
    @inline(__always) private func entry(_ hash: Int) -> Int {
        var index = Int(truncatingIfNeeded: (UInt(bitPattern: hash) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while table[index] >= 0, hashes[index] != hash { index = (index + 1) & mask }
        return index
    }

    /// The slot whose group `isGroup` accepts among those with `hash`, else nil.
    @inline(__always) func find(_ hash: Int, _ isGroup: (Int) -> Bool) -> Int? {
        var slot = table[entry(hash)]
        while slot >= 0 {
            if isGroup(slot) { return slot }
            slot = next[slot]
        }
        return nil
    }

    /// Records that the next slot (slots are numbered from 0 in insertion order) has `hash`.
    mutating func insert(_ hash: Int) -> Int {
        if (next.count + 1) * 4 > table.count * 3 { grow() }
        let slot = next.count
        let index = entry(hash)
        next.append(table[index])
        table[index] = slot
        hashes[index] = hash
        return slot
    }

    private mutating func grow() {
        let (oldTable, oldHashes) = (table, hashes)
        table = Array(repeating: -1, count: oldTable.count * 2)
        hashes = Array(repeating: 0, count: oldTable.count * 2)
        mask = table.count - 1
        for index in oldTable.indices where oldTable[index] >= 0 {
            let target = entry(oldHashes[index])
            table[target] = oldTable[index]
            hashes[target] = oldHashes[index]
        }
    }
}
