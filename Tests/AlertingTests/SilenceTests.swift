import Alerting
import Foundation
import Testing
import VigilCore
import VigilTestSupport

@Suite struct SilenceTests {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))

    func store() -> SilenceStore {
        let counter = Counter()
        return SilenceStore(repository: InMemorySilenceRepository(), clock: clock, makeID: { counter.next() })
    }

    final class Counter: @unchecked Sendable {  // only used from one actor at a time in these tests
        var n = 0
        func next() -> String { n += 1; return "s\(n)" }
    }

    @Test("refuses invalid silences with Alertmanager's messages", arguments: [
        ([LabelMatcher](), 3600.0, "invalid silence: at least one matcher required"),
        ([try! LabelMatcher(.regexMatch, "a", ".*")], 3600.0, "invalid silence: at least one matcher must not match the empty string"),
        ([LabelMatcher.equal("a", "1")], -10.0, "invalid silence: end time can't be in the past"),
    ])
    func refuses(matchers: [LabelMatcher], endOffset: Double, message: String) async {
        let store = store()
        do {
            _ = try await store.set(id: nil, matchers: matchers, startsAt: clock.now(), endsAt: clock.now().addingTimeInterval(endOffset),
                                    createdBy: "me", comment: "c")
            Issue.record("accepted an invalid silence")
        } catch {
            #expect("\(error)" == message)
        }
        #expect(await store.list().isEmpty)
    }

    @Test func mutesWhileActiveAndExpires() async throws {
        let store = store()
        let id = try await store.set(id: nil, matchers: [.equal("alertname", "A")], startsAt: clock.now(),
                                     endsAt: clock.now().addingTimeInterval(3600), createdBy: "me", comment: "maintenance")
        #expect(await store.mutes(Labels(["alertname": "A"]), at: clock.now()) == [id])
        #expect(await store.mutes(Labels(["alertname": "B"]), at: clock.now()).isEmpty)
        clock.advance(by: 60)
        try await store.expire(id)
        #expect(await store.mutes(Labels(["alertname": "A"]), at: clock.now()).isEmpty)
        #expect(try await store.get(id).state(at: clock.now()) == .expired)
        await #expect(throws: SilenceError.alreadyExpired(id)) { try await store.expire(id) }
    }

    @Test func updatingAnActiveSilenceWithNewMatchersReplacesIt() async throws {
        let store = store()
        let start = clock.now()
        let id = try await store.set(id: nil, matchers: [.equal("a", "1")], startsAt: start, endsAt: start.addingTimeInterval(3600),
                                     createdBy: "me", comment: "c")
        clock.advance(by: 10)
        let sameID = try await store.set(id: id, matchers: [.equal("a", "1")], startsAt: start, endsAt: start.addingTimeInterval(7200),
                                         createdBy: "me", comment: "longer")
        #expect(sameID == id)
        let newID = try await store.set(id: id, matchers: [.equal("a", "2")], startsAt: start, endsAt: start.addingTimeInterval(7200),
                                        createdBy: "me", comment: "other")
        #expect(newID != id)
        #expect(try await store.get(id).state(at: clock.now()) == .expired)
        #expect(try await store.get(newID).state(at: clock.now()) == .active)
    }
}
