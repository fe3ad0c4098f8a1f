import Synchronization
import TSDB
import VigilCore

/// Remembers, across requests, which head series each raw series spelling resolved to, so a
/// series sent again costs a hash and a `memcmp`: no label parsing, no new Strings, no label-set
/// lookup in the head (as Prometheus's scrape cache maps a scraped series' bytes to its
/// `storage.SeriesRef`). One cache per spelling (the text format's `name{a="1"}` and remote
/// write's label fields are different keys), shared by that endpoint's requests.
///
/// Only spellings that parsed and validated go in, and only after a commit resolved them, so a
/// hit stands for a valid label set. A stale entry (its series left the head) is harmless: the
/// head then goes by the entry's labels and the next commit stores the new reference.
public final class SeriesRefCache: Sendable {
    // Guards the table; taken per lookup and once per commit's new spellings, never across I/O.
    private let table: Mutex<SeriesCache<SeriesRef>>

    /// - Parameters:
    ///   - maxEntries: spellings kept before the cache starts again empty.
    ///   - maxArenaBytes: bytes of spellings kept before the same.
    public init(maxEntries: Int = 1 << 21, maxArenaBytes: Int = 256 << 20) {
        table = Mutex(SeriesCache(maxEntries: maxEntries, maxArenaBytes: maxArenaBytes))
    }

    /// Spellings held.
    public var count: Int { table.withLock { $0.count } }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt64 { SeriesCache<SeriesRef>.hash(p, length) }

    func lookup(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> SeriesRef? {
        table.withLock { $0.lookup(p, length, hash: hash) }
    }

    /// Looks `keys` up under one lock, appending what each names (or nil) to `hits`: a body's
    /// lines are looked up a window at a time; a lock per line cost more than the lookup when
    /// two requests were parsed at once.
    func lookup(_ keys: [SpellingKey], into hits: inout [SeriesRef?]) {
        table.withLock { table in
            for key in keys { hits.append(table.lookup(key.bytes, key.length, hash: key.hash)) }
        }
    }

    /// Stores, for each spelling in `keys` whose sample the commit resolved, that series.
    /// `resolved[k]` belongs to sample `first + k`.
    func learn(_ keys: NewSeriesKeys, in samples: Range<Int>, resolved: [SeriesRef?]) {
        keys.bytes.withUnsafeBufferPointer { arena in
            guard let base = arena.baseAddress else { return }
            table.withLock { table in
                for key in keys.entries where samples.contains(key.sample) {
                    guard let series = resolved[key.sample - samples.lowerBound] else { continue }
                    table.set(base + key.offset, key.length, hash: key.hash, value: series)
                }
            }
        }
    }
}

/// A spelling in a buffer being parsed, with its `SeriesCache.hash`.
struct SpellingKey {
    var bytes: UnsafePointer<UInt8>
    var length: Int
    var hash: UInt64
}

/// Spellings a batch met that the shared cache did not know, each with the index of a sample
/// that carried it; kept until the commit tells which series they are.
struct NewSeriesKeys: Sendable {
    struct Entry: Sendable {
        var sample: Int
        var offset: Int
        var length: Int
        var hash: UInt64
    }

    var bytes: [UInt8] = []
    var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func append(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, sample: Int) {
        entries.append(Entry(sample: sample, offset: bytes.count, length: length, hash: hash))
        bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: length))
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
    }
}
