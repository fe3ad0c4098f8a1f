import Foundation
import VigilCore

/// Maps the raw bytes of a series as written (`name{a="1",b="2"}`, or a remote-write series'
/// label fields) to what they parsed to (`Labels`, or the head's `SeriesRef`), so a series seen
/// before costs a hash and a `memcmp`, not a parse and new Strings: the interning of label names
/// and values for the hot path. An open-addressing table over a byte arena; cleared whole when it
/// outgrows its limits (what was forgotten is parsed again).
struct SeriesCache<Value> {
    fileprivate struct Entry {
        var hash: UInt64
        /// Where the spelling lies in the arena.
        var location: UInt32
        var length: UInt32
        var value: Value
    }

    private var arena = SpellingArena()
    private var entries: [Entry] = []
    private var slots: [Int32]
    private var mask: Int
    let maxEntries: Int
    let maxArenaBytes: Int

    init(maxEntries: Int = 1 << 20, maxArenaBytes: Int = 256 << 20) {
        self.maxEntries = maxEntries
        self.maxArenaBytes = min(maxArenaBytes, 1 << 31)  // arena locations are 32-bit
        slots = Array(repeating: -1, count: 1024)
        mask = 1023
    }

    var count: Int { entries.count }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: length)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= length {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < length {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < length { word |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            h = (h ^ word) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 29
        return h
    }

    func lookup(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> Value? {
        index(of: p, length, hash: hash).map { entries[$0].value }
    }

    private func index(of p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            // Field by field: copying the entry would retain and release its value per probe.
            if entries[index].hash == hash, entries[index].length == length,
                arena.equals(entries[index].location, p, length) {
                return index
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a spelling not in the table (see `set` for one that may be).
    mutating func insert(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, value: Value) {
        if entries.count >= maxEntries || arena.byteCount + length > maxArenaBytes { removeAll() }
        guard let location = arena.append(p, length) else { return }
        if (entries.count + 1) * 2 > slots.count { grow() }
        entries.append(Entry(hash: hash, location: location, length: UInt32(length), value: value))
        place(Int32(entries.count - 1), hash: hash)
    }

    /// Adds the spelling, or replaces its value when it is already there.
    mutating func set(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, value: Value) {
        if let index = index(of: p, length, hash: hash) {
            entries[index].value = value
        } else {
            insert(p, length, hash: hash, value: value)
        }
    }

    private mutating func place(_ index: Int32, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = index
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (index, entry) in entries.enumerated() { place(Int32(index), hash: entry.hash) }
    }

    mutating func removeAll() {
        arena.removeAll()
        entries.removeAll(keepingCapacity: true)
        for i in slots.indices { slots[i] = -1 }
    }
}

extension SeriesCache: Sendable where Value: Sendable {}
extension SeriesCache.Entry: Sendable where Value: Sendable {}
