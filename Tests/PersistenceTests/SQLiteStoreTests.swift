import Alerting
import Foundation
import GRDB
import Persistence
import Testing
import VigilCore

/// The SQLite repositories keep what they are given across a reopen of the same file.
@Suite struct SQLiteStoreTests {
    static func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("vigil.sqlite").path
    }

    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static let integration = IntegrationID(receiver: "team", kind: "webhook", index: 0)

    static func data() -> NotificationData {
        let alert = Alert(labels: Labels(["alertname": "A", "quote": "it's \"x\"; DROP TABLE outbox;--"]),
                          annotations: Labels(["summary": "s"]), startsAt: t0, endsAt: t0.addingTimeInterval(300), updatedAt: t0)
        return NotificationData(receiver: "team", groupKey: #"{}:{alertname="A"}"#, groupLabels: Labels(["alertname": "A"]),
                                alerts: [alert], now: t0, externalURL: "http://vigil")
    }

    @Test func silencesSurviveAReopen() async throws {
        let path = Self.temporaryPath()
        do {
            let repository = SQLiteSilenceRepository(database: try SQLiteDatabase(path: path))
            try await repository.save([Silence(id: "s1", matchers: [try LabelMatcher(.regexMatch, "job", "api|web")], startsAt: Self.t0,
                                               endsAt: Self.t0.addingTimeInterval(60), updatedAt: Self.t0, createdBy: "me",
                                               comment: "control \u{7} chars and 'quotes'")], by: "me", action: "silence.create", at: Self.t0)
        }
        let reopened = try await SQLiteSilenceRepository(database: try SQLiteDatabase(path: path)).loadAll()
        #expect(reopened.count == 1)
        #expect(reopened.first?.matchers.first?.description == #"job=~"api|web""#)
        #expect(reopened.first?.comment == "control \u{7} chars and 'quotes'")
        #expect(reopened.first?.endsAt == Self.t0.addingTimeInterval(60))
    }

    @Test func theSchemaRefusesASilenceEndingBeforeItStarts() async throws {
        let repository = SQLiteSilenceRepository(database: try SQLiteDatabase(path: nil))
        await #expect(throws: DatabaseError.self) {
            try await repository.save([Silence(id: "bad", matchers: [.equal("a", "1")], startsAt: Self.t0, endsAt: Self.t0.addingTimeInterval(-1),
                                               updatedAt: Self.t0, createdBy: "me", comment: "c")], by: "me", action: "silence.create", at: Self.t0)
        }
        #expect(try await repository.loadAll().isEmpty)
    }

    @Test func outboxAndLogSurviveAReopen() async throws {
        let path = Self.temporaryPath()
        let entry = NotificationLogEntry(groupKey: #"{}:{alertname="A"}"#, integration: Self.integration,
                                         firing: [Fingerprint(1), Fingerprint(2)], resolved: [Fingerprint(3)], timestamp: Self.t0)
        let queued: OutboxItem
        do {
            let store = SQLiteNotificationStore(database: try SQLiteDatabase(path: path))
            let item = OutboxItem(integration: Self.integration, groupKey: entry.groupKey, data: Self.data(), createdAt: Self.t0,
                                  nextAttemptAt: Self.t0)
            queued = try #require(try await store.record(entry, enqueue: item))
            #expect(queued.id > 0)
        }
        let store = SQLiteNotificationStore(database: try SQLiteDatabase(path: path))
        #expect(try await store.loadLog() == [entry])
        let pending = try await store.pendingItems()
        #expect(pending.map(\.id) == [queued.id])
        #expect(pending.first?.data == Self.data())

        var delivered = queued
        delivered.state = .delivered
        delivered.attempts = 1
        try await store.update(delivered, attempt: NotificationAttempt(
            outboxID: queued.id, integration: Self.integration, groupKey: entry.groupKey, alerts: ["0000000000000001"],
            payloadHash: "abc", attempt: 1, at: Self.t0, latencySeconds: 0.01, success: true, error: nil))
        #expect(try await store.pendingItems().isEmpty)
        let attempts = try await store.attempts(AttemptQuery(receiver: "team"))
        #expect(attempts.map(\.success) == [true])
        #expect(try await store.attempts(AttemptQuery(receiver: "other")).isEmpty)
        #expect(try await store.prune(before: Self.t0.addingTimeInterval(1)) == 2)
    }
}
