import Testing
import VigilCore

/// Sizes as Prometheus's `--storage.tsdb.retention.size` reads them: every unit a power of 1024.
@Suite struct ByteSizeTests {
    static let kib = 1024, mib = 1024 * 1024, gib = 1024 * 1024 * 1024
    static let parsed: [(String, Int)] = [
        ("0", 0), ("1B", 1), ("512MB", 512 * mib), ("512MiB", 512 * mib), ("50GB", 50 * gib), ("1TiB", 1024 * gib),
        ("1KB", kib), ("2KiB", 2 * kib), ("1PB", 1024 * 1024 * gib), ("1EiB", 1024 * 1024 * 1024 * gib),
        ("1.5GiB", 3 * gib / 2), (".5KB", 512), ("1GiB512MiB", gib + 512 * mib), ("1073741825B", gib + 1),
    ]

    @Test("parses Prometheus's units", arguments: parsed)
    func parses(text: String, bytes: Int) throws {
        #expect(try ByteSize(parsing: text).bytes == bytes)
    }

    @Test("refuses what is not a size", arguments: [
        ("", "empty size string"),
        ("1024", #"missing unit in size "1024" (B, KB, MB, GB, TB, PB, EB or KiB … EiB)"#),
        ("1gb", #"unknown unit "gb" in size "1gb" (B, KB, MB, GB, TB, PB, EB or KiB … EiB)"#),
        ("1 GB", #"unknown unit " GB" in size "1 GB" (B, KB, MB, GB, TB, PB, EB or KiB … EiB)"#),
        ("GB", #"not a valid size string: "GB""#),
        ("1.2.3GB", #"not a valid size string: "1.2.3GB""#),
        ("-1GB", #"size must not be negative: "-1GB""#),
        ("8EiB", #"size out of range: "8EiB""#),
        ("99999999999999999999B", #"size out of range: "99999999999999999999B""#),
    ])
    func refuses(text: String, message: String) {
        let error = #expect(throws: ByteSizeError.self) { try ByteSize(parsing: text) }
        #expect(error?.message == message)
    }

    static let printed: [(Int, String)] = [
        (0, "0B"), (1, "1B"), (gib, "1GiB"), (1536 * mib, "1536MiB"), (gib + 1, "1073741825B"), (64 * mib, "64MiB"),
    ]

    @Test("prints the largest exact binary unit", arguments: printed)
    func prints(bytes: Int, text: String) {
        #expect(ByteSize(bytes: bytes).description == text)
    }
}
