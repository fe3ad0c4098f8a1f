import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Scrape
import VigilCore

/// The `http` probe, after blackbox_exporter's `http` prober: one request (redirects followed
/// unless turned off) on a fresh connection, checked for status code, HTTP version, TLS and body.
///
/// Series, always all present so none flaps stale: `probe_http_status_code` (0 without a
/// response), `probe_http_content_length` (the `Content-Length` header, -1 without one),
/// `probe_http_uncompressed_body_length` (bytes read), `probe_http_redirects`, `probe_http_ssl`
/// (the final response came over TLS), `probe_http_version` (1.1, 2), `probe_failed_due_to_regex`.
/// Not reported: `probe_ssl_earliest_cert_expiry` (AsyncHTTPClient does not expose the peer's
/// certificate) and the phase timings of `probe_http_duration_seconds`.
final class HTTPProber: Sendable {
    /// Largest body read, in bytes; a larger one fails the probe.
    static let bodyLimit = 10 << 20

    private let userAgent: String
    private let clients = ScrapeClients()

    init(userAgent: String) { self.userAgent = userAgent }

    func shutdown() async { await clients.shutdown() }

    func probe(_ url: String, _ module: HTTPProbeModule, deadline: NIODeadline) async -> ProbeReport {
        var report = ProbeReport()
        for name in ["probe_http_status_code", "probe_http_content_length", "probe_http_uncompressed_body_length",
                     "probe_http_redirects", "probe_http_ssl", "probe_http_version", "probe_failed_due_to_regex"] {
            report.set(name, 0)
        }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: module.method)
        request.headers.add(name: "User-Agent", value: userAgent)
        for (name, value) in module.headers.sorted(by: { $0.key < $1.key }) { request.headers.replaceOrAdd(name: name, value: value) }
        // A fresh connection per probe, as blackbox_exporter's: a pooled one would hide a dead listener.
        request.headers.replaceOrAdd(name: "Connection", value: "close")
        if let body = module.body { request.body = .bytes(ByteBuffer(string: body)) }
        if url.lowercased().hasPrefix("https://") {
            do { request.tlsConfiguration = try module.tls.clientConfiguration() } catch {
                report.fail("cannot load tls_config.ca_file: \(error)")
                return report
            }
        }
        let response: HTTPClientResponse
        do {
            response = try await clients.client(followRedirects: module.followRedirects).execute(request, deadline: deadline)
        } catch {
            report.fail("\(module.method) \(quoteGoString(url)): \(HTTPScraper.describe(error))")
            return report
        }
        let code = Int(response.status.code)
        report.set("probe_http_status_code", Double(code))
        report.set("probe_http_content_length", response.headers.first(name: "Content-Length").flatMap { Double($0) } ?? -1)
        report.set("probe_http_redirects", Double(max(0, response.history.count - 1)))
        let finalURL = response.history.last?.request.url ?? url
        let overTLS = finalURL.lowercased().hasPrefix("https://")
        report.set("probe_http_ssl", overTLS ? 1 : 0)
        let version = "HTTP/\(response.version.major).\(response.version.minor)"
        report.set("probe_http_version", Double(response.version.major) + Double(response.version.minor) / 10)
        if !module.accepts(status: code) {
            report.fail("invalid HTTP response status code \(code), wanted \(module.validStatusCodes.isEmpty ? "2xx" : "\(module.validStatusCodes)")")
        }
        if !module.validHTTPVersions.isEmpty, !module.validHTTPVersions.contains(version) {
            report.fail("invalid HTTP version \(version), wanted one of \(module.validHTTPVersions.joined(separator: ", "))")
        }
        if module.failIfSSL, overTLS { report.fail("final request was over TLS and fail_if_ssl is set") }
        if module.failIfNotSSL, !overTLS { report.fail("final request was not over TLS and fail_if_not_ssl is set") }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.bodyLimit)
        } catch is NIOTooManyBytesError {
            report.fail("body larger than \(Self.bodyLimit) bytes")
            return report
        } catch {
            report.fail("reading the body: \(HTTPScraper.describe(error))")
            return report
        }
        report.set("probe_http_uncompressed_body_length", Double(body.readableBytes))
        guard report.success else { return report }
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        if let regex = module.failIfBodyMatches.first(where: { $0.found(in: text) }) {
            report.fail("body matched regular expression \(quoteGoString(regex.pattern))")
            report.set("probe_failed_due_to_regex", 1)
        } else if let regex = module.failIfBodyNotMatches.first(where: { !$0.found(in: text) }) {
            report.fail("body did not match regular expression \(quoteGoString(regex.pattern))")
            report.set("probe_failed_due_to_regex", 1)
        }
        return report
    }
}
