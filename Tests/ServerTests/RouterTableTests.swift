import Governance
import Hummingbird
import Server
import Testing

/// Every route the server registers has a row in `EndpointPermission.table`, and every row
/// is a route: no endpoint is left without a declared permission, and the table lists nothing dead.
@Suite struct RouterTableTests {
    /// A concrete path for a router or table pattern: each `{capture}` becomes `x1`, `x2`, ….
    static func sample(_ pattern: String) -> String {
        var n = 0
        return pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix("{") else { return String(segment) }
            n += 1
            return "x\(n)"
        }.joined(separator: "/")
    }

    static let routes: [(method: String, path: String)] = {
        guard let server = try? TestServer() else { return [] }
        return server.server.router().routes.map { ($0.method.rawValue, $0.path.description) }
    }()

    @Test func theRouterHasRoutes() {
        #expect(Self.routes.count >= 40, "routes: \(Self.routes.count)")
    }

    @Test func everyRouteHasARowWithTheSamePattern() {
        for route in Self.routes {
            let row = EndpointPermission.row(method: route.method, path: Self.sample(route.path))
            #expect(row != nil, "\(route.method) \(route.path) has no row in EndpointPermission.table")
            let exact = EndpointPermission.table.contains { $0.method == route.method && $0.pattern == route.path }
            #expect(exact, "\(route.method) \(route.path): no row with exactly this pattern")
        }
    }

    @Test func everyRowIsRouted() {
        for row in EndpointPermission.table {
            let path = Self.sample(row.pattern)
            let routed = Self.routes.contains { route in
                route.method == row.method && EndpointPermission(route.method, route.path, .public, surface: .vigil)
                    .matches(method: row.method, path: path)
            }
            #expect(routed, "\(row.method) \(row.pattern) is in the table but no route serves it")
        }
    }
}
