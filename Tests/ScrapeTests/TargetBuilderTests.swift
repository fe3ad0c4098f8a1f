import Testing
import VigilConfig
import VigilCore
@testable import Scrape

private func job(_ yaml: String) throws -> ScrapeConfig {
    let global = ScrapeGlobal(scrapeInterval: .seconds(2), scrapeTimeout: .seconds(1))
    return try YAMLLoader(file: nil).decode(ScrapeConfig.self, from: yaml, userInfo: [ScrapeGlobal.userInfoKey: global])
}

// Every expectation in this file was read from `/api/v1/targets` of Debian's prometheus 2.42
// (global scrape_interval 2s, scrape_timeout 1s) running the same job.

@Test func staticTargetsGetReservedLabelsDefaultPortAndInstance() throws {
    let targets = TargetBuilder.targets(for: try job("""
        job_name: expand
        static_configs:
          - targets: ["web-01.prod:9100", "[::1]", "db.staging"]
            labels: {env: Prod, __meta_zone: eu}
        relabel_configs:
          - source_labels: [__address__]
            regex: '(?P<host>[^.]+)\\.(\\w+):(\\d+)'
            target_label: 'dc_${2}'
            replacement: '${host}-$3x-$$-${3}'
          - {source_labels: [env], target_label: env_lower, action: lowercase}
          - {regex: '__meta_(.+)', replacement: 'meta_$1', action: labelmap}
          - {source_labels: [__address__], regex: 'db\\.(.*)', target_label: env, replacement: ''}
        """))
    #expect(targets.errors.isEmpty && targets.dropped.isEmpty)
    #expect(targets.active.map(\.discoveredLabels.dictionary).first == [
        "__address__": "web-01.prod:9100", "__meta_zone": "eu", "__metrics_path__": "/metrics", "__scheme__": "http",
        "__scrape_interval__": "2s", "__scrape_timeout__": "1s", "env": "Prod", "job": "expand"])
    #expect(targets.active.map(\.labels.dictionary) == [
        ["dc_prod": "web-01--$-9100", "env": "Prod", "env_lower": "prod", "instance": "web-01.prod:9100", "job": "expand", "meta_zone": "eu"],
        ["env": "Prod", "env_lower": "prod", "instance": "[::1]:80", "job": "expand", "meta_zone": "eu"],
        ["env_lower": "prod", "instance": "db.staging:80", "job": "expand", "meta_zone": "eu"],
    ])
    #expect(targets.active.map(\.url) == ["http://web-01.prod:9100/metrics", "http://[::1]:80/metrics", "http://db.staging:80/metrics"])
}

@Test func keepDropAndKeepEqualListDroppedTargets() throws {
    let targets = TargetBuilder.targets(for: try job("""
        job_name: keepdrop
        scheme: https
        static_configs:
          - targets: ["keep-1", "drop-1:9", "same:1"]
            labels: {a: "same:1", b: "x"}
        relabel_configs:
          - {source_labels: [__address__], regex: 'drop-.*', action: drop}
          - {source_labels: [__address__], target_label: a, action: keepequal}
        """))
    #expect(targets.active.map(\.labels.dictionary) == [["a": "same:1", "b": "x", "instance": "same:1", "job": "keepdrop"]])
    #expect(targets.active.map(\.url) == ["https://same:1/metrics"])
    #expect(targets.dropped.map { $0.value(of: "__address__") } == ["keep-1", "drop-1:9"])
    #expect(targets.dropped.first?.value(of: "__scheme__") == "https")
}

@Test func paramsBecomeLabelsAndTheQuery() throws {
    let targets = TargetBuilder.targets(for: try job("""
        job_name: params
        metrics_path: /probe
        params: {module: [http_2xx, second], target: ["a b&c"]}
        static_configs: [{targets: ["p:9115"]}]
        relabel_configs:
          - {source_labels: [__address__], target_label: __param_target}
          - {target_label: __address__, replacement: 'exporter:9115'}
          - {source_labels: [__param_module], target_label: module}
        """))
    let target = try #require(targets.active.first)
    #expect(target.labels.dictionary == ["instance": "exporter:9115", "job": "params", "module": "http_2xx"])
    #expect(target.url == "http://exporter:9115/probe?module=http_2xx&module=second&target=p%3A9115")
    // Prometheus 2.42 shows the relabeled set here for this job (its builder reused the slice);
    // the labels before relabeling are the honest answer.
    #expect(target.discoveredLabels.value(of: "__param_target") == "a b&c")
    #expect(target.discoveredLabels.value(of: "__address__") == "p:9115")
}

@Test func hashModShardsMatchPrometheus() throws {
    let targets = TargetBuilder.targets(for: try job("""
        job_name: hash
        static_configs: [{targets: ["a:1", "b:2", "10.0.0.1:9100", "", "x"]}]
        relabel_configs:
          - {source_labels: [__address__], modulus: 8, target_label: shard, action: hashmod}
          - {source_labels: [__address__, job], separator: "|", modulus: 1000, target_label: shard1000, action: hashmod}
        """))
    #expect(targets.active.map { "\($0.address) \($0.labels.value(of: "shard")) \($0.labels.value(of: "shard1000"))" }
            == ["a:1 0 327", "b:2 5 501", "10.0.0.1:9100 5 579", "x:80 6 787"])
    // Prometheus logs: `instance 3 in group 0: no address`.
    #expect(targets.errors.map(\.message) == ["no address"])
    #expect(targets.errors.map(\.instance) == [3])
}

@Test func relabeledIntervalsAreChecked() throws {
    let base = "job_name: j\nstatic_configs: [{targets: [\"a:1\"]}]\nrelabel_configs:\n"
    let cases: [(String, String)] = [
        ("  - {target_label: __scrape_timeout__, replacement: 3s}", #"scrape timeout cannot be greater than scrape interval ("3s" > "2s")"#),
        ("  - {target_label: __scrape_interval__, replacement: 0s}", "scrape interval cannot be 0"),
        ("  - {target_label: __scrape_interval__, replacement: soon}", #"error parsing scrape interval: not a valid duration string: "soon""#),
        ("  - {target_label: __address__, replacement: 'a/b:1'}", #""a/b:1" is not a valid hostname"#),
        ("  - {target_label: __scheme__, replacement: ftp}\n  - {target_label: __address__, replacement: nohost}", #"invalid scheme: "http""#),
    ]
    for (rules, message) in cases {
        #expect(TargetBuilder.targets(for: try job(base + rules)).errors.map(\.message) == [message], "\(rules)")
    }
}

@Test func targetLimit() throws {
    let targets = TargetBuilder.targets(for: try job("job_name: j\ntarget_limit: 1\nstatic_configs: [{targets: [\"a:1\", \"b:1\"]}]\n"))
    #expect(targets.limitError == "target_limit exceeded (number of targets: 2, limit: 1)")
}

@Test(arguments: [("host:80", false), ("host", true), ("[::1]", true), ("[::1]:9", false), ("::1", false), ("host:", false), ("a:b:c", false)])
func defaultPortRule(address: String, needsPort: Bool) {
    #expect(HostPort.needsPort(address) == needsPort)
}
