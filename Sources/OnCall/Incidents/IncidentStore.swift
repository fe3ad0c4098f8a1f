import Foundation

/// Where incidents are kept: each change is saved whole, together with one audit entry
/// describing it (who, what, when), atomically.
public protocol IncidentStore: Sendable {
    /// Every stored incident, oldest first.
    func loadAll() async throws -> [Incident]
    /// Saves `incident` as it now is and records `change` in the audit ledger, in one transaction.
    func save(_ incident: Incident, change: IncidentChange) async throws
}

/// One recorded change to an incident, for the audit ledger.
public struct IncidentChange: Sendable, Hashable {
    /// Dotted action: `incident.open`, `incident.acknowledge`, `incident.escalate`, `incident.note`, …
    public var action: String
    public var agent: Agent
    public var at: Date
    public var details: [String: String]

    public init(action: String, agent: Agent, at: Date, details: [String: String] = [:]) {
        self.action = action
        self.agent = agent
        self.at = at
        self.details = details
    }
}
