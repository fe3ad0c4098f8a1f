import Governance
import Testing

/// `EndpointPermission.row` looks rows up in an index; it must find what scanning the table
/// with `matches` finds, for every row's paths and for the near misses around them.
@Suite struct EndpointIndexTests {
    /// Requests built from each row: its pattern with captures filled, emptied, `.` and `..`,
    /// with a trailing slash, one segment more or less, and the method in lower case.
    static let requests: [(String, String)] = {
        var requests: [(String, String)] = [("PATCH", "/api/v2/alerts"), ("GET", ""), ("GET", "/"), ("GET", "//")]
        for row in EndpointPermission.table {
            let segments = row.pattern.split(separator: "/", omittingEmptySubsequences: false)
            var paths = [row.pattern, row.pattern + "/", row.pattern + "//", row.pattern + "/x",
                         segments.dropLast().joined(separator: "/"), row.pattern.uppercased()]
            for filler in ["INC-1", "ack", "", ".", "..", "{id}"] {
                let filled = segments.map { $0.hasPrefix("{") ? Substring(filler) : $0 }.joined(separator: "/")
                paths += [filled, filled + "/"]
            }
            for path in paths {
                requests += [(row.method, path), (row.method.lowercased(), path)]
            }
        }
        return requests
    }()

    @Test func findsTheRowAScanFinds() {
        for (method, path) in Self.requests {
            let scanned = EndpointPermission.table.first { $0.matches(method: method, path: path) }
            #expect(EndpointPermission.row(method: method, path: path) == scanned, "\(method) \(path)")
        }
    }
}
