import Alerting
import Testing
import VigilConfig
import VigilCore

/// One routing tree, a table of label sets and the receivers and group keys they get,
/// as Alertmanager's `dispatch/route_test.go` checks it.
@Suite struct RouteTests {
    static let yaml = """
        route:
          receiver: default
          group_by: [alertname]
          routes:
          - matchers: ['team="db"']
            receiver: db
            group_by: ['...']
            routes:
            - matchers: ['severity=~"critical|page"']
              receiver: db-pager
          - matchers: ['team="web"', 'env!="staging"']
            receiver: web
            continue: true
          - matchers: ['team=~"web|api"']
            receiver: web-and-api
            group_wait: 1m
          - matchers: ['service!~"ignored.*"', 'team="ops"']
            receiver: ops
        receivers: [{name: default}, {name: db}, {name: db-pager}, {name: web}, {name: web-and-api}, {name: ops}]
        """

    static func tree() throws -> Route {
        Route(try YAMLLoader(file: "routes.yml").decode(AlertmanagerConfig.self, from: yaml).route)
    }

    @Test("routes label sets like Alertmanager", arguments: [
        (["alertname": "A"], ["default"], [#"{}:{alertname="A"}"#]),
        (["alertname": "A", "team": "db"], ["db"], [#"{}/{team="db"}:{alertname="A", team="db"}"#]),
        (["alertname": "A", "team": "db", "severity": "page"], ["db-pager"],
         [#"{}/{team="db"}/{severity=~"critical|page"}:{alertname="A", severity="page", team="db"}"#]),
        (["alertname": "A", "team": "web"], ["web", "web-and-api"],
         [#"{}/{env!="staging",team="web"}:{alertname="A"}"#, #"{}/{team=~"web|api"}:{alertname="A"}"#]),
        (["alertname": "A", "team": "web", "env": "staging"], ["web-and-api"], [#"{}/{team=~"web|api"}:{alertname="A"}"#]),
        (["alertname": "A", "team": "ops", "service": "ignored-x"], ["default"], [#"{}:{alertname="A"}"#]),
        (["alertname": "A", "team": "ops"], ["ops"], [#"{}/{service!~"ignored.*",team="ops"}:{alertname="A"}"#]),
    ])
    func routes(labels: [String: String], receivers: [String], keys: [String]) throws {
        let matched = try Self.tree().match(Labels(labels))
        #expect(matched.map(\.options.receiver) == receivers)
        #expect(matched.map { "\($0.key):\($0.options.groupLabels(of: Labels(labels)))" } == keys)
    }

    @Test func inheritsTimersAndOverridesThem() throws {
        let tree = try Self.tree()
        let web = tree.match(Labels(["team": "api"]))[0]
        #expect(web.options.groupWait == .minutes(1))
        #expect(web.options.groupInterval == .minutes(5))
        #expect(web.options.repeatInterval == .hours(4))
        #expect(tree.options.groupWait == .seconds(30))
    }
}
