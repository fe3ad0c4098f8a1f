import Foundation

/// Zone abbreviations as Go reads them from the system tz database (`CET`, `EST`, `IST`), which
/// Foundation on Linux does not provide (it answers `GMT+1`).
enum ZoneAbbreviation {
    /// The abbreviation the zone's TZif file gives for `offset` (seconds east of UTC) and `isDaylight`.
    static func lookup(identifier: String, offset: Int, isDaylight: Bool) -> String? {
        guard !identifier.contains(".."),
              let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + identifier)
        else { return nil }
        let bytes = [UInt8](data)
        guard bytes.count >= 44, bytes[0..<4] == [0x54, 0x5A, 0x69, 0x66] else { return nil }  // "TZif"
        func count(at index: Int) -> Int {
            bytes[index..<(index + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        let (transitions, types, characters) = (count(at: 32), count(at: 36), count(at: 40))
        let typesStart = 44 + transitions * 5
        let charactersStart = typesStart + types * 6
        guard charactersStart + characters <= bytes.count else { return nil }
        var found: String?
        for type in 0..<types {
            let entry = typesStart + type * 6
            let rawOffset = UInt32(truncatingIfNeeded: count(at: entry))
            let utcOffset = Int(Int32(bitPattern: rawOffset))
            guard utcOffset == offset, (bytes[entry + 4] != 0) == isDaylight else { continue }
            let start = charactersStart + Int(bytes[entry + 5])
            guard start < charactersStart + characters else { continue }
            let end = bytes[start..<(charactersStart + characters)].firstIndex(of: 0) ?? (charactersStart + characters)
            found = String(decoding: bytes[start..<end], as: UTF8.self)  // the latest matching type wins
        }
        return found
    }
}
