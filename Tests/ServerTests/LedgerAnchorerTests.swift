import Alerting
import AsyncHTTPClient
import Foundation
import Governance
import GRDB
import Logging
import Persistence
import Prometheus
import Server
import Testing
import VigilCore
import VigilTestSupport

/// The anchoring service against a real HTTP receiver on 127.0.0.1.
@Suite struct LedgerAnchorerTests {
    /// A ledger in a fresh on-disk database, an anchorer for `url`, and the registry it counts in.
    struct Fixture {
        let path: String
        let ledger: LedgerRepository
        let anchorer: LedgerAnchorer
        let registry = PrometheusCollectorRegistry()
        let clock = ManualClock()

        init(url: String, client: HTTPClient, entries: Int = 3, configure: (inout AnchorConfig) -> Void = { _ in }) throws {
            let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-anchor-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            path = directory.appending(path: "vigil.sqlite").path
            ledger = LedgerRepository(database: try SQLiteDatabase(path: path))
            var config = AnchorConfig(url: url, interval: .hours(1))
            configure(&config)
            anchorer = try LedgerAnchorer(config: config, ledger: ledger, client: client, clock: clock, registry: registry,
                                          logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        }

        func append(_ count: Int) async throws {
            for i in 0..<count {
                try await ledger.record(AuditEvent(time: clock.now(), actor: "alice", action: "test.step", target: "t\(i)")) { _ in }
            }
        }

        /// The value of an unlabelled series on `/metrics`.
        func metric(_ name: String) -> Double? {
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix(name + " ") }
            return line.flatMap { Double($0.split(separator: " ")[1]) }
        }
    }

    /// Runs `body` with a client that is shut down afterwards, also when `body` throws.
    func withClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let client = LedgerAnchorer.makeClient()
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    @Test func sendsTheHeadsCanonicalBodyWithItsCredentialsAndRecordsIt() async throws {
        try await RecordingServer.with { server in
            try await withClient { client in
                let fixture = try Fixture(url: server.url("/anchors/vigil"), client: client) { config in
                    config.bearerToken = Secret("anchor-token-xyz")
                    config.headers = ["X-Tenant": Secret("ops")]
                }
                try await fixture.append(3)
                let head = try await fixture.ledger.head()
                #expect(await fixture.anchorer.anchorNow() == .anchored(head))

                let requests = await server.log.requests
                #expect(requests.count == 1)
                let request = try #require(requests.first)
                #expect(request.method == "POST" && request.path == "/anchors/vigil")
                let expected = LedgerAnchor(head: head, time: fixture.clock.now(), receiver: "http://127.0.0.1:\(server.port)")
                #expect(String(decoding: request.body, as: UTF8.self) == String(decoding: expected.body, as: UTF8.self))
                #expect(request.headers["content-type"] == "application/json")
                #expect(request.headers["authorization"] == "Bearer anchor-token-xyz")
                #expect(request.headers["x-tenant"] == "ops")
                #expect(try await fixture.ledger.lastAnchor() == expected)
                #expect(fixture.metric("vigil_ledger_anchored_seq") == 3)
                #expect(fixture.metric("vigil_ledger_anchor_last_success_timestamp_seconds") == 1_700_000_000)
                #expect(fixture.metric("vigil_ledger_anchor_failures_total") == 0)
            }
        }
    }

    @Test func anUnchangedHeadIsNotSentAgain() async throws {
        try await RecordingServer.with { server in
            try await withClient { client in
                let fixture = try Fixture(url: server.url("/anchor"), client: client)
                #expect(await fixture.anchorer.anchorNow() == .unchanged)  // an empty ledger
                try await fixture.append(2)
                guard case .anchored = await fixture.anchorer.anchorNow() else { Issue.record("not anchored"); return }
                #expect(await fixture.anchorer.anchorNow() == .unchanged)
                #expect(await server.log.requests.count == 1)
                try await fixture.append(1)
                #expect(await fixture.anchorer.anchorNow() == .anchored(try await fixture.ledger.head()))
                #expect(await server.log.requests.count == 2)
            }
        }
    }

    @Test(arguments: [503, 429])
    func aReceiverThatFailsIsCountedRetriedWithBackoffAndNothingRecorded(status: Int) async throws {
        try await RecordingServer.with { server in
            try await withClient { client in
                let fixture = try Fixture(url: server.url("/anchor"), client: client)
                try await fixture.append(2)
                await server.log.force(status: status)
                let (outcomes, continuation) = AsyncStream.makeStream(of: AnchorOutcome.self)
                let anchorer = fixture.anchorer
                let running = Task { await anchorer.run(observe: { continuation.yield($0) }) }
                defer { running.cancel() }
                var iterator = outcomes.makeAsyncIterator()

                // At once, then 1 s and 2 s later: each refused, counted, nothing recorded.
                for (attempt, wait) in [(1, 0.0), (2, 1.0), (3, 2.0)] {
                    if attempt > 1 {
                        #expect(await fixture.clock.waitForSleepers(1))
                        fixture.clock.advance(by: wait - 0.5)
                        #expect(fixture.clock.sleeperCount == 1, "retried before \(wait) s")
                        fixture.clock.advance(by: 0.5)
                    }
                    let outcome = await iterator.next()
                    guard case .failed(let message, retryable: true) = outcome else { Issue.record("\(String(describing: outcome))"); return }
                    #expect(message.hasPrefix("audit.anchor/webhook[0]: unexpected status code \(status)"), "\(message)")
                    #expect(await server.log.refused == attempt)
                    #expect(fixture.metric("vigil_ledger_anchor_failures_total") == Double(attempt))
                }
                #expect(try await fixture.ledger.lastAnchor() == nil)

                // Not before 4 s: then the receiver is back and takes it.
                await server.log.force(status: nil)
                #expect(await fixture.clock.waitForSleepers(1))
                fixture.clock.advance(by: 3.5)
                #expect(fixture.clock.sleeperCount == 1, "retried before 4 s")
                fixture.clock.advance(by: 0.5)
                #expect(await iterator.next() == .anchored(try await fixture.ledger.head()))
                #expect(try await fixture.ledger.lastAnchor()?.head.seq == 2)
                #expect(fixture.metric("vigil_ledger_anchored_seq") == 2)
            }
        }
    }

    @Test func aReceiverThatIsDownIsARetryableFailure() async throws {
        try await withClient { client in
            let fixture = try Fixture(url: "http://127.0.0.1:1/anchor?token=url-secret-123", client: client)
            try await fixture.append(1)
            let outcome = await fixture.anchorer.anchorNow()
            guard case .failed(let message, retryable: true) = outcome else { Issue.record("\(outcome)"); return }
            #expect(!message.contains("url-secret-123"), "\(message)")
            #expect(try await fixture.ledger.lastAnchor() == nil)
            #expect(fixture.metric("vigil_ledger_anchor_failures_total") == 1)
        }
    }

    @Test func secretsStayOutOfFailures() async throws {
        try await RecordingServer.with { server in
            try await withClient { client in
                // The recording server's error quotes the request line and Authorization header back.
                let fixture = try Fixture(url: server.url("/status/500?token=url-secret-123"), client: client) { config in
                    config.bearerToken = Secret("anchor-token-xyz")
                }
                try await fixture.append(1)
                let outcome = await fixture.anchorer.anchorNow()
                guard case .failed(let message, _) = outcome else { Issue.record("\(outcome)"); return }
                #expect(message.contains("<redacted>"), "\(message)")
                for secret in ["url-secret-123", "anchor-token-xyz"] { #expect(!message.contains(secret), "\(message)") }
            }
        }
    }

    /// An attacker with the database file rewrites an entry and re-hashes the chain after it, so
    /// the chain verifies on its own; the anchor the receiver took catches it, and no later
    /// anchor vouches for the rewritten head.
    @Test func aConsistentRewriteAfterAnAnchorFailsVerificationAndIsNotAnchored() async throws {
        try await RecordingServer.with { server in
            try await withClient { client in
                let fixture = try Fixture(url: server.url("/anchor"), client: client)
                try await fixture.append(5)
                let anchored = try await fixture.ledger.head()
                #expect(await fixture.anchorer.anchorNow() == .anchored(anchored))
                let received = try #require(await server.log.requests.first?.json)
                #expect(received["hash"] as? String == anchored.hash && received["seq"] as? Int == 5)

                var entries = try await fixture.ledger.entries()
                entries[1].actor = "mallory"
                let rewritten = rehashedChain(entries)
                let queue = try DatabaseQueue(path: fixture.path)
                try queue.inDatabase { db in
                    for name in ["auditLedger_no_update", "auditLedger_no_delete"] { try db.execute(sql: "DROP TRIGGER \(name)") }
                    for entry in rewritten {
                        try db.execute(sql: "UPDATE auditLedger SET actor = ?, prevHash = ?, hash = ? WHERE seq = ?",
                                       arguments: [entry.actor, entry.prevHash, entry.hash, entry.seq])
                    }
                }
                #expect(LedgerVerifier.verify(try await fixture.ledger.entries()).isValid)  // the chain alone cannot tell
                #expect(try await fixture.ledger.verify().failure
                        == LedgerBreak(seq: 5, reason: .anchorMismatch(anchoredHash: anchored.hash, found: rewritten[4].hash)))

                try await fixture.append(1)
                let outcome = await fixture.anchorer.anchorNow()
                guard case .failed(let message, retryable: false) = outcome else { Issue.record("\(outcome)"); return }
                #expect(message.hasPrefix("not anchoring: the ledger no longer matches the last anchor: audit ledger entry 5: anchor mismatch"),
                        "\(message)")
                #expect(await server.log.requests.count == 1)
            }
        }
    }
}
