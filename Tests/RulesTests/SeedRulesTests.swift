import Foundation
import PromQL
@testable import Rules
import Testing

/// The seeds' rule blocks load exactly as written in the runbooks.
@Suite("Seed rule groups load verbatim")
struct SeedRulesTests {
    static let seeds = PromtoolCompatibilityTests.repository.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    /// The ```yaml blocks of a seed, joined: seed 000 splits one group over three blocks.
    static func yamlBlocks(_ seed: String) throws -> String {
        let name = try FileManager.default.contentsOfDirectory(atPath: seeds.path).first { $0.hasPrefix(seed) }!
        let text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
        var out: [String] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```yaml") { inside = true; continue }
            if line.hasPrefix("```") { inside = false; continue }
            if inside { out.append(String(line)) }
        }
        return out.joined(separator: "\n")
    }

    @Test("seed 000's attribution_enforcement group, in both PromQL modes", arguments: [PromQLCompatibility.prometheus2, .prometheus3])
    func seed000(compatibility: PromQLCompatibility) throws {
        let file = try RuleFile.parse(try Self.yamlBlocks("000"), file: "seed-000", compatibility: compatibility)
        #expect(file.groups.map(\.name) == ["attribution_enforcement"])
        #expect(file.groups[0].rules.map(\.name) == [
            "AttributionEnforcementBreach", "AttributionConstraintViolation", "AttributionRejectionRateHigh",
            "AttributionOverrideUsage", "AttributionShadowViolations", "AttributionEnforcementModeInfo",
        ])
        let breach = file.groups[0].rules[0]
        #expect(breach.holdDuration == 60_000)
        #expect(breach.labels == ["severity": "critical", "team": "platform"])
    }

    @Test("seed 003's security_alerts group")
    func seed003() throws {
        let file = try RuleFile.parse(try Self.yamlBlocks("003"), file: "seed-003", compatibility: .prometheus3)
        #expect(file.groups.map(\.name) == ["security_alerts"])
        #expect(file.groups[0].rules.map(\.name) == ["DivanAuthBruteForce", "DivanRefreshTokenReuse", "DivanHighDataExfil"])
    }
}
