import Foundation
import Governance
import Persistence
import Testing
import VigilTestSupport

/// Approvals: request, decide, two-person rule, expiry; every step ledgered, refusals write nothing.
@Suite struct ApprovalTests {
    struct Setup {
        let db: TestDatabase
        let clock = ManualClock(t0)
        let approvals: SQLiteApprovalRepository
        let olga: Principal
        let ann: Principal
        let vic: Principal

        init(twoPersonRule: Bool = true) async throws {
            db = try TestDatabase()
            approvals = SQLiteApprovalRepository(database: db.database, clock: clock,
                                                 policy: ApprovalPolicy(twoPersonRule: twoPersonRule))
            let access = SQLiteAccessRepository(database: db.database, roles: try RoleCatalog(), clock: clock, hasher: fastHasher)
            func principal(_ name: String, _ role: Role) async throws -> Principal {
                Principal(user: try await access.createUser(name: name, role: role.name, password: nil, by: "admin"), role: role)
            }
            olga = try await principal("olga", .operator)
            ann = try await principal("ann", .approver)
            vic = try await principal("vic", .viewer)
        }
    }

    static let change: AuditValue = ["scenario": "BINDER_EXPORT_WEEKLY", "baseline": "1425.75", "previous": "1250.50"]

    @Test func anOperatorRequestsAndAnApproverApproves() async throws {
        let s = try await Setup()
        let request = try await s.approvals.request(.baselineUpdate, change: Self.change, reason: "prompt grew 15%", by: s.olga,
                                                    expiresAt: t0 + 3600)
        #expect(try await s.approvals.pending().map(\.id) == [request.id])
        s.clock.advance(by: 60)
        let decided = try await s.approvals.decide(request.id, approve: true, reason: "variance stable", by: s.ann)
        #expect(decided.state == .approved)
        #expect(decided.decision?.at == t0 + 60)
        #expect(try await s.approvals.get(request.id) == decided)
        #expect(try await s.approvals.pending().isEmpty)
        let entries = try await s.db.ledger.entries().filter { $0.action.hasPrefix("approval.") }
        #expect(entries.map(\.action) == ["approval.request", "approval.approve"])
        #expect(entries.map(\.actor) == ["olga", "ann"])
        #expect(entries[1].details.contains(#""change":{"baseline":"1425.75","previous":"1250.50","scenario":"BINDER_EXPORT_WEEKLY"}"#))
    }

    enum Refusal: String, CaseIterable {
        case selfApproval, expired, alreadyDecided, viewerDecides, operatorDecides, noReason, viewerRequests, unknown
    }

    @Test("refused decisions say why and write nothing", arguments: Refusal.allCases)
    func refusals(_ refusal: Refusal) async throws {
        let s = try await Setup()
        // An approver asking for the kill switch cannot approve it alone.
        let own = try await s.approvals.request(.killSwitch, change: ["muted": true], reason: "alert storm", by: s.ann,
                                                expiresAt: t0 + 600)
        let other = try await s.approvals.request(.rerun, change: ["run": "RUN-1"], reason: "fixed", by: s.olga,
                                                  expiresAt: t0 + 600)
        var id = other.id, decider = s.ann, reason = "ok"
        let expected: any Error & Equatable
        switch refusal {
        case .selfApproval:
            id = own.id
            expected = ApprovalError.selfApproval(id: own.id)
        case .expired:
            s.clock.advance(by: 600)
            expected = ApprovalError.expired(id: other.id, at: t0 + 600)
        case .alreadyDecided:
            _ = try await s.approvals.decide(other.id, approve: false, reason: "no", by: s.ann)
            expected = ApprovalError.alreadyDecided(id: other.id, state: .denied)
        case .viewerDecides:
            decider = s.vic
            expected = ApprovalError.notAllowed(user: "vic", .approvalsDecide)
        case .operatorDecides:
            decider = s.olga
            expected = ApprovalError.notAllowed(user: "olga", .approvalsDecide)
        case .noReason:
            reason = ""
            expected = ApprovalError.reasonRequired
        case .viewerRequests:
            let error = await #expect(throws: ApprovalError.self) {
                try await s.approvals.request(.rerun, change: [:], reason: "r", by: s.vic, expiresAt: t0 + 60)
            }
            #expect(error == .notAllowed(user: "vic", .approvalsRequest))
            return
        case .unknown:
            id = "'; DROP TABLE approvalRequest;--"
            expected = ApprovalError.notFound(id: id)
        }
        let before = try await s.db.ledger.head()
        let stored = try await s.approvals.get(id)
        let error = await #expect(throws: ApprovalError.self) {
            try await s.approvals.decide(id, approve: true, reason: reason, by: decider)
        }
        #expect(error.map { $0 as any Error } .flatMap { "\($0)" } == "\(expected)")
        #expect(try await s.db.ledger.head() == before)
        #expect(try await s.approvals.get(id) == stored)
    }

    @Test func withoutTheTwoPersonRuleARequesterMayDecide() async throws {
        let s = try await Setup(twoPersonRule: false)
        let own = try await s.approvals.request(.killSwitch, change: ["muted": true], reason: "storm", by: s.ann, expiresAt: t0 + 60)
        #expect(try await s.approvals.decide(own.id, approve: true, reason: "storm", by: s.ann).state == .approved)
    }

    @Test(arguments: hostileTexts.filter { !$0.isEmpty })
    func hostileTextIsKeptVerbatim(_ text: String) async throws {
        let s = try await Setup()
        let request = try await s.approvals.request(.policyChange, change: [text: .string(text)], reason: text, by: s.olga,
                                                    expiresAt: t0 + 60)
        let decided = try await s.approvals.decide(request.id, approve: false, reason: text, by: s.ann)
        let stored = try #require(try await s.approvals.get(request.id))
        #expect(stored == decided)
        #expect(stored.reason == text && stored.decision?.reason == text && stored.change == [text: .string(text)])
        #expect(try await s.db.ledger.verify().isValid)
    }
}
