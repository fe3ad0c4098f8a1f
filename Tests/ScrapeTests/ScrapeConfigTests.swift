import Testing
import VigilConfig
import VigilCore
@testable import Scrape

/// The shape of Vigil's config file as far as scraping goes.
private struct File: Decodable {
    var scrapeConfigs: ScrapeConfigs
    enum CodingKeys: String, CodingKey { case scrapeConfigs = "scrape_configs" }
}

private func load(_ yaml: String, global: ScrapeGlobal = ScrapeGlobal()) throws(ConfigErrors) -> [ScrapeConfig] {
    try YAMLLoader(file: "vigil.yml").decode(File.self, from: yaml, userInfo: [ScrapeGlobal.userInfoKey: global]).scrapeConfigs.jobs
}

@Test func defaultsFollowPrometheus() throws {
    let job = try #require(try load("scrape_configs:\n  - job_name: node\n").first)
    #expect(job.scrapeInterval == .minutes(1))
    #expect(job.scrapeTimeout == .seconds(10))
    #expect(job.metricsPath == "/metrics")
    #expect(job.scheme == .http)
    #expect(!job.honorLabels && job.honorTimestamps)
    #expect(job.sampleLimit == 0 && job.labelLimit == 0 && job.auth == nil)
}

@Test func globalDefaultsApplyAndTimeoutIsCappedByInterval() throws {
    let jobs = try load("""
        scrape_configs:
          - job_name: a
          - job_name: b
            scrape_interval: 5s
          - job_name: c
            scrape_interval: 30s
            scrape_timeout: 30s
        """, global: ScrapeGlobal(scrapeInterval: .seconds(15), scrapeTimeout: .seconds(7)))
    #expect(jobs.map(\.scrapeInterval) == [.seconds(15), .seconds(5), .seconds(30)])
    #expect(jobs.map(\.scrapeTimeout) == [.seconds(7), .seconds(5), .seconds(30)])
}

@Test func everyKeyDecodes() throws {
    let job = try #require(try load("""
        scrape_configs:
          - job_name: blackbox
            scrape_interval: 30s
            scrape_timeout: 5s
            metrics_path: /probe
            scheme: https
            params: {module: [http_2xx]}
            honor_labels: true
            honor_timestamps: false
            sample_limit: 1000
            label_limit: 30
            label_name_length_limit: 100
            label_value_length_limit: 200
            target_limit: 10
            bearer_token: s3cret
            static_configs:
              - targets: ["a:1", "b:2"]
                labels: {env: prod}
            relabel_configs:
              - source_labels: [__address__]
                target_label: __param_target
            metric_relabel_configs:
              - source_labels: [__name__]
                regex: go_.*
                action: drop
        """).first)
    #expect(job.metricsPath == "/probe" && job.scheme == .https && job.params == ["module": ["http_2xx"]])
    #expect(job.honorLabels && !job.honorTimestamps)
    #expect([job.sampleLimit, job.labelLimit, job.labelNameLengthLimit, job.labelValueLengthLimit, job.targetLimit] == [1000, 30, 100, 200, 10])
    #expect(job.staticConfigs == [StaticConfig(targets: ["a:1", "b:2"], labels: Labels(["env": "prod"]))])
    #expect(job.relabelConfigs.map(\.targetLabel) == ["__param_target"])
    #expect(job.metricRelabelConfigs.map(\.action) == [.drop])
    #expect(job.auth == .authorization(type: "Bearer", credentials: ScrapeSecret("s3cret"), credentialsFile: nil))
    #expect("\(ScrapeSecret("s3cret"))" == "<secret>")
}

struct BadConfig: CustomTestStringConvertible, Sendable {
    let name: String
    let yaml: String
    let error: String
    var testDescription: String { name }
}

// Messages after the path are promtool 2.42's (`promtool check config`) unless marked Vigil.
private let badConfigs: [BadConfig] = [
    BadConfig(name: "unknown key", yaml: "scrape_configs:\n  - job_name: a\n    foo: 1\n",
              error: "vigil.yml:3:5: scrape_configs[0].foo: field foo not found in type config.ScrapeConfig"),
    BadConfig(name: "empty job name", yaml: "scrape_configs:\n  - job_name: \"\"\n",
              error: "vigil.yml:2:15: scrape_configs[0].job_name: job_name is empty"),
    BadConfig(name: "duplicate job", yaml: "scrape_configs:\n  - job_name: a\n  - job_name: a\n",
              error: #"vigil.yml:3:15: scrape_configs[1].job_name: found multiple scrape configs with job name "a""#),
    BadConfig(name: "timeout over interval", yaml: "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 6s\n",
              error: #"vigil.yml:4:21: scrape_configs[0].scrape_timeout: scrape timeout greater than scrape interval for scrape config with job name "a""#),
    BadConfig(name: "bad duration", yaml: "scrape_configs:\n  - job_name: a\n    scrape_interval: 1x\n",
              error: #"vigil.yml:3:22: scrape_configs[0].scrape_interval: not a valid duration string: "1x""#),
    BadConfig(name: "scheme (Vigil; promtool 2.42 accepts ftp)", yaml: "scrape_configs:\n  - job_name: a\n    scheme: ftp\n",
              error: #"vigil.yml:3:13: scrape_configs[0].scheme: unsupported scheme "ftp": must be "http" or "https""#),
    BadConfig(name: "URL as target", yaml: "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [\"http://x:9/\"]}]\n",
              error: #"vigil.yml:3:5: scrape_configs[0].static_configs: "http://x:9/" is not a valid hostname"#),
    BadConfig(name: "negative limit (Vigil; promtool: cannot unmarshal !!int `-1` into uint)",
              yaml: "scrape_configs:\n  - job_name: a\n    sample_limit: -1\n",
              error: "vigil.yml:3:19: scrape_configs[0].sample_limit: sample_limit must not be negative, got -1"),
    BadConfig(name: "two auth schemes", yaml: "scrape_configs:\n  - job_name: a\n    basic_auth: {username: u, password: p}\n    bearer_token: t\n",
              error: "vigil.yml:3:5: scrape_configs[0].basic_auth: at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured"),
    BadConfig(name: "service discovery (Vigil)", yaml: "scrape_configs:\n  - job_name: a\n    file_sd_configs: [{files: [x.json]}]\n",
              error: "vigil.yml:3:5: scrape_configs[0].file_sd_configs: file_sd_configs is not supported by Vigil yet"),
    BadConfig(name: "null relabel rule", yaml: "scrape_configs:\n  - job_name: a\n    relabel_configs: [~]\n",
              error: "vigil.yml:3:5: scrape_configs[0].relabel_configs: empty or null target relabeling rule in scrape config"),
    BadConfig(name: "hashmod without modulus",
              yaml: "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: hashmod, target_label: x, source_labels: [a]}\n",
              error: "vigil.yml:4:9: scrape_configs[0].relabel_configs[0].modulus: relabel configuration for hashmod requires non-zero modulus"),
    BadConfig(name: "replace without target",
              yaml: "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [a]\n",
              error: "vigil.yml:4:9: scrape_configs[0].relabel_configs[0].target_label: relabel configuration for replace action requires 'target_label' value"),
    BadConfig(name: "unknown action",
              yaml: "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: Frob\n",
              error: #"vigil.yml:4:17: scrape_configs[0].relabel_configs[0].action: unknown relabel action "Frob""#),
    BadConfig(name: "regex does not compile (Go says: missing closing ))",
              yaml: "scrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n      - {regex: \"a(b\", target_label: x}\n",
              error: #"vigil.yml:4:17: scrape_configs[0].metric_relabel_configs[0].regex: error parsing regexp: invalid regular expression "a(b""#),
    BadConfig(name: "keepequal with a regex",
              yaml: "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: keepequal, target_label: x, regex: \"(.*)\"}\n",
              error: "vigil.yml:4:18: scrape_configs[0].relabel_configs[0].action: keepequal action requires only 'source_labels' and `target_label`, and no other fields"),
    BadConfig(name: "labeldrop with a separator",
              yaml: "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: labeldrop, regex: x, separator: \",\"}\n",
              error: "vigil.yml:4:18: scrape_configs[0].relabel_configs[0].action: labeldrop action requires only 'regex', and no other fields"),
    BadConfig(name: "lowercase into an invalid name",
              yaml: "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: lowercase, target_label: \"1x\", source_labels: [a]}\n",
              error: #"vigil.yml:4:43: scrape_configs[0].relabel_configs[0].target_label: "1x" is invalid 'target_label' for lowercase action"#),
    BadConfig(name: "labelmap into an invalid name",
              yaml: "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: labelmap, replacement: \"a-b\"}\n",
              error: #"vigil.yml:4:41: scrape_configs[0].relabel_configs[0].replacement: "a-b" is invalid 'replacement' for labelmap action"#),
    BadConfig(name: "invalid source label",
              yaml: "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [\"a-b\"], target_label: x}\n",
              error: #"vigil.yml:4:10: scrape_configs[0].relabel_configs[0].source_labels: "a-b" is not a valid label name"#),
]

@Test(arguments: badConfigs)
func rejects(_ bad: BadConfig) {
    let errors = #expect(throws: ConfigErrors.self) { try load(bad.yaml) }
    #expect(errors?.description == bad.error)
}

@Test func globalSection() throws {
    let global = try YAMLLoader(file: "vigil.yml").decode(ScrapeGlobal.self, from: "scrape_interval: 15s\nexternal_labels: {region: eu}\n")
    #expect(global.scrapeInterval == .seconds(15) && global.scrapeTimeout == .seconds(10))
    #expect(global.externalLabels == Labels(["region": "eu"]))
    let short = try YAMLLoader(file: nil).decode(ScrapeGlobal.self, from: "scrape_interval: 5s\n")
    #expect(short.scrapeTimeout == .seconds(5))
    // promtool 2.42: "global scrape timeout greater than scrape interval".
    let errors = #expect(throws: ConfigErrors.self) {
        try YAMLLoader(file: "g.yml").decode(ScrapeGlobal.self, from: "scrape_interval: 5s\nscrape_timeout: 6s\n")
    }
    #expect(errors?.description == "g.yml:2:17: scrape_timeout: global scrape timeout greater than scrape interval")
}
