import Foundation
import OnCall
import Testing
import VigilConfig
import VigilCore

/// Every example under `examples/oncall/` loads and says what its seed says.
@Suite struct ExampleConfigTests {
    @Test func seed004SeverityTable() throws {
        let config = try example("seed-004-agentguard.yml")
        let table = config.severityPolicies.map { ($0.severity.rawValue, $0.respondWithin.description, $0.escalateAfter.description, $0.notify) }
        #expect(table.map(\.0) == ["CRITICAL", "ERROR", "WARNING", "INFO"])
        #expect(table.map(\.1) == ["15m", "30m", "2h", "1d"])
        #expect(table.map(\.2) == ["0s", "1h", "4h", "0s"])
        #expect(table.map(\.3) == [["pagerduty", "slack", "email"], ["slack", "email"], ["slack"], ["slack"]])
        #expect(config.severityPolicies[3].escalationPolicy == nil)
        #expect(config.escalationPolicy(named: "agentguard")?.levels.map(\.after.description) == ["0s", "15m", "45m"])
    }

    @Test func seed001SeveritiesAndFollowUps() throws {
        let config = try example("seed-001-provenance.yml")
        #expect(config.severityPolicies.map(\.respondWithin) == [.minutes(15), .hours(1), .hours(4)])
        #expect(config.severityPolicy(for: "info")?.confinedToBusinessHours == true)
        #expect(config.severityPolicy(for: "critical")?.confinedToBusinessHours == false)
        #expect(config.followUps.map(\.due.description) == ["1d", "1w", "30d"])
        #expect(config.escalationPolicy(named: "internal")?.levels.count == 4)
    }

    @Test func seed002SeverityLevels() throws {
        let config = try example("seed-002-credit.yml")
        #expect(config.severityPolicies.map(\.severity.rawValue) == ["SEV0", "SEV1", "SEV2", "SEV3"])
        #expect(config.rootCauseCategories == RootCauseCategory.defaults)
        #expect(config.severityPolicy(for: "SEV2")?.escalationPolicy == nil)
    }

    @Test func seed003Ladder() throws {
        let config = try example("seed-003-divan.yml")
        let ladder = try #require(config.escalationPolicy(named: "divan"))
        #expect(ladder.levels.map(\.after) == [.zero, .zero, .minutes(15), .minutes(30)])
        #expect(ladder.levels[1].targets.everyone)
        #expect(ladder.levels[1].severities == ["critical"])
    }

    @Test(arguments: ["seed-001-provenance.yml", "seed-002-credit.yml", "seed-003-divan.yml", "seed-004-agentguard.yml"])
    func everyReceiverIsNamedWhereWiringWillCheckIt(file: String) throws {
        let config = try example(file)
        let receivers = Set(config.severityPolicies.flatMap(\.notify)
                            + config.escalationPolicies.flatMap { $0.levels.flatMap(\.targets.receivers) })
        // Loading again with exactly those receivers known must succeed; with none known it must
        // fail wherever a receiver is named.
        let text = try String(contentsOf: repositoryRoot().appending(path: "examples/oncall/\(file)"), encoding: .utf8)
        _ = try OnCallConfigFile.parse(text, file: file, knownReceivers: receivers)
        if !receivers.isEmpty {
            #expect(throws: ConfigErrors.self) { try OnCallConfigFile.parse(text, file: file, knownReceivers: []) }
        }
    }
}
