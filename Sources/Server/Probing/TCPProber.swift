import NIOCore
import NIOPosix
import NIOSSL
import Scrape
import VigilCore

/// The `tcp` probe, after blackbox_exporter's `tcp` prober: connect (and with `tls`, complete
/// the handshake), then run the `query_response` steps: `expect` reads lines until one matches,
/// `send` writes a line. The deadline closes the connection, whatever the peer does.
///
/// Series: `probe_failed_due_to_regex`, and with `tls` `probe_ssl_earliest_cert_expiry` (the
/// leaf certificate's notAfter, Unix seconds) once the handshake is done.
struct TCPProber: Sendable {
    func probe(_ address: String, _ module: TCPProbeModule, deadline: NIODeadline) async -> ProbeReport {
        var report = ProbeReport()
        report.set("probe_failed_due_to_regex", 0)
        guard let split = HostPort.split(address), let portNumber = Int(split.port) else {
            preconditionFailure("BUG: probe target \(address) was not checked as host:port")
        }
        let hostName = String(split.host)
        let tls: NIOSSLContext?
        do { tls = module.tls ? try NIOSSLContext(configuration: module.tlsConfig.clientConfiguration()) : nil } catch {
            report.fail("cannot set up TLS: \(error)")
            return report
        }
        let connection: Connection
        do {
            connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(max(.zero, deadline - .now()))
                .connect(host: hostName, port: portNumber) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        var handshake: EventLoopFuture<Void>?
                        if let tls {
                            let sni = hostName.isIPAddress ? nil : hostName
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: sni))
                            let watcher = TLSHandshakeWatcher(promise: channel.eventLoop.makePromise())
                            handshake = watcher.promise.futureResult
                            try channel.pipeline.syncOperations.addHandler(watcher)
                        }
                        let io = try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                        return Connection(io: io, handshake: handshake)
                    }
                }
        } catch {
            report.fail("connecting to \(address): \(describe(error, deadline: deadline))")
            return report
        }
        // The deadline holds whatever the peer does: closing ends any read or write in progress.
        let channel = connection.io.channel
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) { channel.close(promise: nil) }
        defer { timer.cancel() }
        do {
            try await connection.io.executeThenClose { inbound, outbound in
                if let handshake = connection.handshake {
                    try await handshake.get()
                    if let certificate = try await channel.nioSSL_peerCertificate().get() {
                        report.set("probe_ssl_earliest_cert_expiry", Double(certificate.notValidAfter))
                    }
                }
                var lines = LineReader(inbound.makeAsyncIterator())
                for (index, step) in module.queryResponse.enumerated() {
                    if let expect = step.expect {
                        while true {
                            guard let line = try await lines.next() else {
                                let why = NIODeadline.now() >= deadline ? "context deadline exceeded" : "connection closed"
                                report.fail("query_response step \(index + 1): \(why) before a line matched \(quoteGoString(expect.pattern))")
                                report.set("probe_failed_due_to_regex", 1)
                                return
                            }
                            if expect.found(in: line) { break }
                        }
                    }
                    if let send = step.send { try await outbound.write(ByteBuffer(string: send + "\n")) }
                }
            }
        } catch {
            report.fail("\(address): \(describe(error, deadline: deadline))")
        }
        if report.success, NIODeadline.now() >= deadline { report.fail("\(address): context deadline exceeded") }
        return report
    }

    /// A connection being probed; `handshake` completes when TLS is established.
    struct Connection: Sendable {
        let io: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        let handshake: EventLoopFuture<Void>?
    }

    /// Go's words for a passed deadline and a refused connection, as the HTTP probe reports them.
    private func describe(_ error: any Error, deadline: NIODeadline) -> String {
        if NIODeadline.now() >= deadline { return "context deadline exceeded" }
        if let error = error as? ChannelError, case .connectTimeout = error { return "context deadline exceeded" }
        return HTTPScraper.describe(error)
    }
}

extension String {
    /// Whether this is an IPv4 or IPv6 literal (not usable as a TLS server name).
    fileprivate var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}
