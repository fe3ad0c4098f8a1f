/// `EndpointPermission.table` arranged for the lookup every request makes: rows without a
/// capture by method and exact path, the rest in table order with their patterns split once.
/// It finds the same row as scanning the table with `EndpointPermission.matches`, which
/// re-split the pattern and the path for every row it tried (Benchmarks/auth_overhead.py).
struct EndpointIndex: Sendable {
    /// A row whose pattern has a `{capture}`, with the pattern's segments.
    private struct Template: Sendable {
        let row: EndpointPermission
        let segments: [Substring]
    }

    /// One method's rows.
    private struct Routes: Sendable {
        /// Exact paths to the table's first row covering them: a capture row before an exact
        /// row for the same path wins, as it does in a scan.
        var exact: [Substring: EndpointPermission] = [:]
        var templates: [Template] = []
    }

    /// By upper-case method.
    private let methods: [String: Routes]

    init(_ table: [EndpointPermission]) {
        var methods: [String: Routes] = [:]
        for row in table {
            let segments = EndpointPermission.segments(row.pattern)
            if segments.contains(where: EndpointPermission.isCapture) {
                methods[row.method, default: Routes()].templates.append(Template(row: row, segments: segments))
            } else {
                let path = EndpointPermission.withoutTrailingSlash(row.pattern[...])
                methods[row.method, default: Routes()].exact[path] = table.first { $0.matches(method: row.method, path: row.pattern) }
            }
        }
        self.methods = methods
    }

    /// The first row of the table covering `method` and `path`, nil when none does.
    func row(method: String, path: String) -> EndpointPermission? {
        guard let routes = methods[method] ?? methods[method.uppercased()] else { return nil }
        let path = EndpointPermission.withoutTrailingSlash(path[...])
        if let row = routes.exact[path] { return row }
        return routes.templates.first { EndpointPermission.covers($0.segments, path) }?.row
    }
}
