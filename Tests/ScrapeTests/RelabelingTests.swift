import Testing
import VigilCore
@testable import Scrape

/// Builds a config from the fields a case sets; the regex must compile.
private func rule(_ action: RelabelAction = .replace, source: [String] = [], separator: String = ";", regex: String = "(.*)",
                  modulus: UInt64 = 0, target: String = "", replacement: String = "$1") -> RelabelConfig {
    RelabelConfig(sourceLabels: source, separator: separator, regex: try! RelabelRegex(regex), modulus: modulus,
                  targetLabel: target, replacement: replacement, action: action)
}

private let input = Labels(["__address__": "web-01.prod:9100", "env": "Prod", "__meta_zone": "eu", "job": "node"])

struct RelabelCase: CustomTestStringConvertible, Sendable {
    let name: String
    let configs: [RelabelConfig]
    let want: [String: String]?  // nil: dropped
    var testDescription: String { name }
}

// Expectations marked "prometheus 2.42" were read from /api/v1/targets of Debian's prometheus 2.42
// scraping static targets with these rules (see docs/SCRAPING.md, "Checked against Prometheus").
private let cases: [RelabelCase] = [
    RelabelCase(name: "replace with defaults copies the source", configs: [rule(source: ["env"], target: "stage")],
                want: ["__address__": "web-01.prod:9100", "env": "Prod", "__meta_zone": "eu", "job": "node", "stage": "Prod"]),
    RelabelCase(name: "replace does nothing when the regex does not match",
                configs: [rule(source: ["env"], regex: "dev", target: "stage", replacement: "x")],
                want: input.dictionary),
    RelabelCase(name: "regex is anchored: a partial match is no match",
                configs: [rule(source: ["env"], regex: "ro", target: "stage", replacement: "x")],
                want: input.dictionary),
    // prometheus 2.42: dc_prod = "web-01--$-9100" for this rule.
    RelabelCase(name: "named groups, ${n}, $$ and $3x (a group named 3x: empty) as Go's Expand",
                configs: [rule(source: ["__address__"], regex: #"(?P<host>[^.]+)\.(\w+):(\d+)"#, target: "dc_${2}",
                               replacement: "${host}-$3x-$$-${3}")],
                want: input.dictionary.merging(["dc_prod": "web-01--$-9100"]) { $1 }),
    RelabelCase(name: "sources joined with the separator; missing source is empty",
                configs: [rule(source: ["job", "nope", "env"], separator: "/", target: "joined")],
                want: input.dictionary.merging(["joined": "node//Prod"]) { $1 }),
    // prometheus 2.42: `db.staging` with `regex: db\.(.*)`, `replacement: ''` removed `env`.
    RelabelCase(name: "an empty replacement deletes the target label",
                configs: [rule(source: ["env"], target: "env", replacement: "")],
                want: ["__address__": "web-01.prod:9100", "__meta_zone": "eu", "job": "node"]),
    RelabelCase(name: "a target that expands to an invalid name is skipped",
                configs: [rule(source: ["env"], regex: "(.*)", target: "${1}", replacement: "x"),
                          rule(source: ["__address__"], regex: "(.*)", target: "$1", replacement: "y")],
                want: ["__address__": "web-01.prod:9100", "env": "Prod", "__meta_zone": "eu", "job": "node", "Prod": "x"]),
    RelabelCase(name: "keep", configs: [rule(.keep, source: ["env"], regex: "Prod|Dev")], want: input.dictionary),
    RelabelCase(name: "keep drops on no match", configs: [rule(.keep, source: ["env"], regex: "prod")], want: nil),
    RelabelCase(name: "drop", configs: [rule(.drop, source: ["env"], regex: "P.*")], want: nil),
    RelabelCase(name: "drop keeps on no match", configs: [rule(.drop, source: ["env"], regex: "Dev")], want: input.dictionary),
    RelabelCase(name: "keepequal keeps when equal", configs: [rule(.keepEqual, source: ["env"], target: "env")], want: input.dictionary),
    RelabelCase(name: "keepequal drops when different", configs: [rule(.keepEqual, source: ["env"], target: "job")], want: nil),
    RelabelCase(name: "dropequal drops when equal", configs: [rule(.dropEqual, source: ["job"], target: "job")], want: nil),
    RelabelCase(name: "dropequal keeps when different", configs: [rule(.dropEqual, source: ["job"], target: "env")], want: input.dictionary),
    // prometheus 2.42: lowercase/uppercase of env "Prod".
    RelabelCase(name: "lowercase and uppercase",
                configs: [rule(.lowercase, source: ["env"], target: "lo"), rule(.uppercase, source: ["env"], target: "up")],
                want: input.dictionary.merging(["lo": "prod", "up": "PROD"]) { $1 }),
    // prometheus 2.42: labelmap `__meta_(.+)` → `meta_$1` gave meta_zone="eu".
    RelabelCase(name: "labelmap copies matching names", configs: [rule(.labelMap, regex: "__meta_(.+)", replacement: "meta_$1")],
                want: input.dictionary.merging(["meta_zone": "eu"]) { $1 }),
    RelabelCase(name: "labeldrop removes matching names", configs: [rule(.labelDrop, regex: "__.*")],
                want: ["env": "Prod", "job": "node"]),
    RelabelCase(name: "labelkeep keeps matching names only", configs: [rule(.labelKeep, regex: "env|job")],
                want: ["env": "Prod", "job": "node"]),
    // prometheus 2.42: hashmod of __address__ "web-01.prod:9100" is not checked; the values in
    // `hashModMatchesPrometheus` are.
    RelabelCase(name: "hashmod writes a shard number", configs: [rule(.hashMod, source: ["job"], modulus: 1, target: "shard")],
                want: input.dictionary.merging(["shard": "0"]) { $1 }),
    RelabelCase(name: "steps run in order and see earlier results",
                configs: [rule(source: ["env"], target: "tmp"), rule(.lowercase, source: ["tmp"], target: "tmp"),
                          rule(.keep, source: ["tmp"], regex: "prod"), rule(.labelDrop, regex: "tmp")],
                want: input.dictionary),
]

@Test(arguments: cases)
func relabel(_ testCase: RelabelCase) {
    let got = Relabeling.process(input, testCase.configs)
    #expect(got?.dictionary == testCase.want)
}

// prometheus 2.42, job "hash": `hashmod` of __address__ modulus 8, and of "__address__|job" modulus 1000.
@Test(arguments: [("a:1", 0, 327), ("b:2", 5, 501), ("10.0.0.1:9100", 5, 579), ("x", 6, 787)] as [(String, UInt64, UInt64)])
func hashModMatchesPrometheus(address: String, shard8: UInt64, shard1000: UInt64) {
    #expect(Relabeling.hashMod(address, 8) == shard8)
    #expect(Relabeling.hashMod(address + "|hash", 1000) == shard1000)
}

@Test(arguments: [("", "d41d8cd98f00b204e9800998ecf8427e"), ("abc", "900150983cd24fb0d6963f7d28e17f72"),
                  (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a")])
func md5MatchesRFC1321(text: String, hex: String) {
    #expect(MD5.digest(Array(text.utf8)).map { String($0, radix: 16).leftPad }.joined() == hex)
}

@Test func regexTranslationKeepsEscapesAndClasses() throws {
    let regex = try RelabelRegex(#"\((?P<a_b>[(\]])(x)(?:y)(?<c>z)?"#)
    let match = try #require(regex.match("(]xy"))
    #expect(match.expand("${a_b}|$2|${c}|$9") == "]|x||")
    #expect(!regex.matches("(]xyzz"))
}

@Test func dotDoesNotMatchNewlineAsInPrometheus2() throws {
    #expect(!RelabelRegex.default.matches("a\nb"))
    #expect(RelabelRegex.default.matches(""))
}

@Test func actionNamesAreCaseInsensitive() {
    #expect(RelabelAction(name: "LabelMap") == .labelMap)
    #expect(RelabelAction(name: "frob") == nil)
}

extension String {
    fileprivate var leftPad: String { count == 1 ? "0" + self : self }
}
