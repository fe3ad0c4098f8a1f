import Foundation

/// The bytes of the series spellings a `SeriesCache` holds, in pages of at most 1 MiB: one
/// growing buffer would double, copying every spelling and leaving up to half of itself unused
/// (at 100,000 remote-write series, ~10 MB of spellings sat in a 16 MB buffer). A new page starts
/// as large as everything held so far (from 4 KiB, up to 1 MiB), so a small cache stays small.
struct SpellingArena {
    static let pageShift = 20
    static let pageBytes = 1 << pageShift

    private var pages: [[UInt8]] = []
    /// Bytes of spellings held.
    private(set) var byteCount = 0

    /// Copies `p[0..<length]` in and returns where it lies (page << 20 | offset); nil when it is
    /// longer than a page (such a spelling is not cached).
    mutating func append(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt32? {
        guard length <= Self.pageBytes else { return nil }
        if pages.isEmpty || pages[pages.count - 1].count + length > Self.pageBytes {
            var page: [UInt8] = []
            page.reserveCapacity(min(Self.pageBytes, max(4096, byteCount)))
            pages.append(page)
        }
        let index = pages.count - 1
        let offset = pages[index].count
        pages[index].append(contentsOf: UnsafeBufferPointer(start: p, count: length))
        byteCount += length
        return UInt32(index << Self.pageShift | offset)
    }

    /// Whether the spelling at `location` is `p[0..<length]`.
    @inline(__always)
    func equals(_ location: UInt32, _ p: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let page = Int(location) >> Self.pageShift, offset = Int(location) & (Self.pageBytes - 1)
        return pages[page].withUnsafeBufferPointer { memcmp($0.baseAddress! + offset, p, length) == 0 }
    }

    /// Forgets every spelling, keeping the first page for the next ones.
    mutating func removeAll() {
        pages.removeLast(max(0, pages.count - 1))
        if !pages.isEmpty { pages[0].removeAll(keepingCapacity: true) }
        byteCount = 0
    }
}
