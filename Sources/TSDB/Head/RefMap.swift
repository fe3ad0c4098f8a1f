/// A hash map from series references to values: open addressing with linear probing over a
/// power-of-two table, hashed by one multiplication (references are dense small integers, so
/// Swift's seeded SipHash in `Dictionary` bought nothing and cost most of a lookup on the append
/// path). Removal shifts the following entries back, so there are no tombstones.
struct RefMap<Value> {
    private var slots: [UInt32]  // 0 marks an empty slot (reference 0 is never handed out)
    private var contents: [Value?]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 8) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        contents = Array(repeating: nil, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func home(_ key: UInt32) -> Int { Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

    @inline(__always)
    private func slot(of key: UInt32) -> Int? {
        var slot = home(key)
        while true {
            let found = slots[slot]
            if found == key { return slot }
            if found == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    subscript(key: UInt32) -> Value? {
        get { slot(of: key).flatMap { contents[$0] } }
        set {
            precondition(key != 0, "BUG: series reference 0")
            if let newValue { insert(key, newValue) } else { remove(key) }
        }
    }

    private mutating func insert(_ key: UInt32, _ value: Value) {
        if let existing = slot(of: key) {
            contents[existing] = value
            return
        }
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var slot = home(key)
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = key
        contents[slot] = value
        count += 1
    }

    private mutating func remove(_ key: UInt32) {
        guard var hole = slot(of: key) else { return }
        slots[hole] = 0
        contents[hole] = nil
        count -= 1
        // Shift back every following entry whose home lies at or before the hole (cyclically).
        var next = (hole + 1) & mask
        while slots[next] != 0 {
            let wanted = home(slots[next])
            let distanceToHole = (hole - wanted) & mask
            let distanceToNext = (next - wanted) & mask
            if distanceToHole < distanceToNext {
                slots[hole] = slots[next]
                contents[hole] = contents[next]
                slots[next] = 0
                contents[next] = nil
                hole = next
            }
            next = (next + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = slots, oldValues = contents
        slots = Array(repeating: 0, count: oldKeys.count * 2)
        contents = Array(repeating: nil, count: oldKeys.count * 2)
        mask = slots.count - 1
        count = 0
        for index in oldKeys.indices where oldKeys[index] != 0 {
            if let value = oldValues[index] { insert(oldKeys[index], value) }
        }
    }

    /// Every key, in table order.
    var keys: [UInt32] { slots.filter { $0 != 0 } }

    /// Every value, in table order.
    var values: [Value] { contents.compactMap { $0 } }
}
