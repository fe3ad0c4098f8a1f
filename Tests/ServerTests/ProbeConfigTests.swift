import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Scrape
import Server
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

/// `probe_configs` in Vigil's config file: defaults, every key, errors with their place, and reloads.
@Suite struct ProbeConfigTests {
    static let head = "route: {receiver: r}\nreceivers: [{name: r}]\n"

    @Test func defaultsComeFromTheScrapeSectionAndBlackboxExporter() throws {
        let config = try VigilConfiguration.parse(Self.head + """
            scrape: {scrape_interval: 5s}
            probe_configs:
              - {job_name: a, targets: ['https://a.example/healthz'], http: {}}
              - {job_name: b, interval: 1m, targets: ['db:5432'], tcp: {}}
            """, file: "vigil.yml")
        let probes = config.probeConfigs.probes
        #expect(probes.map { "\($0.jobName) \($0.interval) \($0.timeout)" } == ["a 5s 5s", "b 1m 10s"])
        guard case .http(let http) = probes[0].module, case .tcp(let tcp) = probes[1].module else {
            Issue.record("modules: \(probes.map(\.module))")
            return
        }
        #expect(http.method == "GET" && http.followRedirects && http.validStatusCodes.isEmpty)
        #expect(http.accepts(status: 204) && !http.accepts(status: 301))
        #expect(!tcp.tls && tcp.queryResponse.isEmpty)
    }

    @Test func everyKeyDecodes() throws {
        let config = try VigilConfiguration.parse(Self.head + """
            probe_configs:
              - job_name: shop
                interval: 30s
                timeout: 3s
                targets: ['https://shop.example/healthz']
                labels: {team: shop}
                relabel_configs: [{target_label: env, replacement: prod}]
                http:
                  method: post
                  headers: {Host: shop}
                  body: '{}'
                  valid_status_codes: [200, 301]
                  valid_http_versions: [HTTP/1.1]
                  fail_if_not_ssl: true
                  fail_if_body_matches_regexp: [maintenance]
                  fail_if_body_not_matches_regexp: ['"ok"']
                  no_follow_redirects: true
                  tls_config: {insecure_skip_verify: true, ca_file: ca.pem}
              - job_name: smtp
                targets: ['mail:25']
                tcp:
                  tls: true
                  tls_config: {ca_file: ca.pem}
                  query_response: [{expect: '^220 '}, {send: QUIT}]
            """, file: "vigil.yml")
        let shop = try #require(config.probeConfigs.probes.first)
        var http = HTTPProbeModule()
        http.method = "POST"
        http.headers = ["Host": "shop"]
        http.body = "{}"
        http.validStatusCodes = [200, 301]
        http.validHTTPVersions = ["HTTP/1.1"]
        http.failIfNotSSL = true
        http.failIfBodyMatches = [try ProbeRegex("maintenance")]
        http.failIfBodyNotMatches = [try ProbeRegex(#""ok""#)]
        http.followRedirects = false
        http.tls = ProbeTLSConfig(insecureSkipVerify: true, caFile: "ca.pem")
        #expect(shop == ProbeConfig(jobName: "shop", interval: .seconds(30), timeout: .seconds(3), targets: ["https://shop.example/healthz"],
                                    labels: Labels(["team": "shop"]), relabelConfigs: [RelabelConfig(targetLabel: "env", replacement: "prod")],
                                    module: .http(http)))
        var tcp = TCPProbeModule()
        tcp.tls = true
        tcp.tlsConfig = ProbeTLSConfig(caFile: "ca.pem")
        tcp.queryResponse = [.init(expect: try ProbeRegex("^220 ")), .init(send: "QUIT")]
        #expect(config.probeConfigs.probes.last?.module == .tcp(tcp))
        let target = try #require(TargetBuilder.targets(for: shop.scrapeConfig).active.first)
        #expect(target.labels == Labels(["env": "prod", "instance": "https://shop.example/healthz", "job": "shop", "team": "shop"]))
        #expect(target.url == "https://shop.example/healthz")
    }

    @Test("a bad probe config is refused with its place", arguments: [
        ("probe_configs: [{job_name: a, targets: ['x:1'], tcp: {}, intervall: 1m}]",
         "vigil.yml:3:58: probe_configs[0].intervall: field intervall not found in type probe_config"),
        ("probe_configs: [{targets: ['x:1'], tcp: {}}]", "vigil.yml:3:17: probe_configs[0].job_name: job_name is empty"),
        ("probe_configs: [{job_name: a, targets: ['x:1']}]",
         #"vigil.yml:3:28: probe_configs[0].job_name: probe config with job name "a" needs one module: http or tcp"#),
        ("probe_configs: [{job_name: a, targets: ['x:1'], tcp: {}, http: {}}]",
         #"vigil.yml:3:49: probe_configs[0].tcp: probe config with job name "a" has both http and tcp: choose one"#),
        ("probe_configs: [{job_name: a, tcp: {}}]", #"vigil.yml:3:17: probe_configs[0].targets: no targets for probe config with job name "a""#),
        ("probe_configs: [{job_name: a, interval: 10s, timeout: 20s, targets: ['x:1'], tcp: {}}]",
         #"vigil.yml:3:55: probe_configs[0].timeout: timeout 20s greater than interval 10s for probe config with job name "a""#),
        ("probe_configs: [{job_name: a, interval: 0s, targets: ['x:1'], tcp: {}}]",
         "vigil.yml:3:41: probe_configs[0].interval: interval must be positive"),
        ("probe_configs: [{job_name: a, targets: ['x:1'], labels: {0bad: x}, tcp: {}}]",
         #"vigil.yml:3:49: probe_configs[0].labels: "0bad" is not a valid label name"#),
        ("probe_configs: [{job_name: a, targets: ['x:1'], tcp: {}}, {job_name: a, targets: ['x:1'], tcp: {}}]",
         #"vigil.yml:3:70: probe_configs[1].job_name: found multiple probe configs with job name "a""#),
        ("scrape_configs: [{job_name: a}]\nprobe_configs: [{job_name: a, targets: ['x:1'], tcp: {}}]",
         #"vigil.yml:4:28: probe_configs[0].job_name: job name "a" is already used by a scrape job"#),
        ("probe_configs: [{job_name: vigil, targets: ['x:1'], tcp: {}}]",
         #"vigil.yml:3:28: probe_configs[0].job_name: job name "vigil" is already used by a scrape job"#),
        ("probe_configs: [{job_name: a, targets: ['x:1', 'db'], tcp: {}}]",
         #"vigil.yml:3:48: probe_configs[0].targets[1]: job "a": "db" is not host:port"#),
        ("probe_configs: [{job_name: a, targets: ['shop.example/healthz'], http: {}}]",
         #"vigil.yml:3:41: probe_configs[0].targets[0]: job "a": "shop.example/healthz" is not an http:// or https:// URL"#),
        ("probe_configs: [{job_name: a, targets: ['http:///x'], http: {}}]",
         #"vigil.yml:3:41: probe_configs[0].targets[0]: job "a": "http:///x" has no host"#),
        ("probe_configs: [{job_name: a, targets: ['http://x'], http: {valid_status_codes: [200, 999]}}]",
         "vigil.yml:3:61: probe_configs[0].http.valid_status_codes: invalid HTTP status code 999: must be 100 to 599"),
        ("probe_configs: [{job_name: a, targets: ['http://x'], http: {valid_http_versions: [HTTP/3]}}]",
         #"vigil.yml:3:61: probe_configs[0].http.valid_http_versions: unknown HTTP version "HTTP/3": must be one of HTTP/1.0, HTTP/1.1, HTTP/2.0"#),
        ("probe_configs: [{job_name: a, targets: ['http://x'], http: {fail_if_body_matches_regexp: ['(']}}]",
         #"vigil.yml:3:91: probe_configs[0].http.fail_if_body_matches_regexp[0]: invalid regular expression "(": "#),
        ("probe_configs: [{job_name: a, targets: ['http://x'], http: {method: 'GE T'}}]",
         #"vigil.yml:3:69: probe_configs[0].http.method: invalid HTTP method "GE T""#),
        ("probe_configs: [{job_name: a, targets: ['http://x'], http: {no_follow_redirects: true, follow_redirects: true}}]",
         "vigil.yml:3:106: probe_configs[0].http.follow_redirects: follow_redirects: true contradicts no_follow_redirects: true"),
        ("probe_configs: [{job_name: a, targets: ['http://x'], http: {tls_config: {insecure: true}}}]",
         "vigil.yml:3:74: probe_configs[0].http.tls_config.insecure: field insecure not found in type tls_config"),
        ("probe_configs: [{job_name: a, targets: ['x:1'], tcp: {query_response: [{}]}}]",
         "vigil.yml:3:72: probe_configs[0].tcp.query_response[0].expect: query_response step needs expect or send"),
        ("probe_configs: [{job_name: a, targets: ['x:1'], tcp: {starttls: true}}]",
         "vigil.yml:3:55: probe_configs[0].tcp.starttls: field starttls not found in type tcp_probe"),
    ])
    func refused(yaml: String, message: String) {
        let errors = #expect(throws: ConfigErrors.self) { try VigilConfiguration.parse(Self.head + yaml, file: "vigil.yml") }
        let text = errors?.errors.map(\.description) ?? []
        // A regex error's reason comes from Swift's regex parser: only its start is ours.
        #expect(text.count == 1 && (text.first == message || message.hasSuffix(": ") && text[0].hasPrefix(message)), "\(text)")
    }

    @Test func aReloadReplacesProbeJobsAndABadOneKeepsThem() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("vigil.yml").path
        let head = Self.head + "scrape: {self_scrape_interval: 0s}\nauth: {mode: none}\n"
        try (head + "probe_configs: [{job_name: one, targets: ['a:1'], tcp: {}}]\n").write(toFile: path, atomically: true, encoding: .utf8)
        let server = try VigilServer(
            options: ServerOptions(dataDirectory: nil, configPath: path), config: try VigilConfiguration.load(path: path),
            registry: PrometheusCollectorRegistry(), clock: ManualClock(), integrationFactory: { _, _, _ in [] },
            logger: Logger(label: "test"))
        try await server.system.start(config: await server.state.config, externalURL: "http://vigil.test")
        await server.state.applyScrapeConfigs(await server.state.config)
        #expect(await server.scrapes.snapshot().map(\.job.jobName) == ["one"])
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            try (head + "probe_configs: [{job_name: two, targets: ['http://b/'], http: {}}]\n").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await client.execute(uri: "/-/reload", method: .post).status == .ok)
            #expect(await server.scrapes.snapshot().flatMap { pool in pool.active.map { "\(pool.job.jobName) \($0.target.url)" } } == ["two http://b/"])

            try (head + "probe_configs: [{job_name: three, targets: ['b'], tcp: {}}]\n").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await client.execute(uri: "/-/reload", method: .post).status == .badRequest)
            #expect(await server.scrapes.snapshot().map(\.job.jobName) == ["two"])
        }
    }
}
