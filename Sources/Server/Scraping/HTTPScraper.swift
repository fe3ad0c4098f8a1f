import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Scrape
import VigilCore

/// Scrapes targets over HTTP(S) the way Prometheus 2.42 does: its `Accept` header (OpenMetrics
/// first, then the text format), `X-Prometheus-Scrape-Timeout-Seconds`, the job's basic auth or
/// `Authorization` header (credential files read at each scrape), the target's timeout as the
/// request deadline, and a cap on the body size.
///
/// Clients are created on first use (one following redirects, one not) and must be released
/// with `shutdown()`.
public final class HTTPScraper: TargetScraper {
    /// What Prometheus 2.42 sends (`scrape/scrape.go`, `acceptHeader`).
    public static let acceptHeader =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

    /// Largest body accepted, in bytes; a larger one fails the scrape.
    public let bodyLimit: Int
    private let userAgent: String
    private let clients = ScrapeClients()

    public init(bodyLimit: Int = 100 << 20, userAgent: String = "Vigil/\(VigilVersion.version)") {
        self.bodyLimit = bodyLimit
        self.userAgent = userAgent
    }

    /// Closes the clients; scrapes fail afterwards.
    public func shutdown() async { await clients.shutdown() }

    public func scrape(_ target: ScrapeTarget, job: ScrapeConfig) async -> ScrapeInput {
        let url = target.url
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: Self.acceptHeader)
        request.headers.add(name: "User-Agent", value: userAgent)
        let timeout = target.scrapeTimeout
        request.headers.add(name: "X-Prometheus-Scrape-Timeout-Seconds", value: PrometheusResponse.format(timeout.seconds))
        do {
            if let authorization = try Self.authorization(job.auth) {
                request.headers.add(name: "Authorization", value: authorization)
            }
        } catch {
            return .failed("unable to read authorization credentials: \(error.localizedDescription)")
        }
        let response: HTTPClientResponse
        do {
            response = try await clients.client(followRedirects: job.followRedirects)
                .execute(request, timeout: .milliseconds(timeout.milliseconds))
        } catch {
            return .failed("Get \(quoteGoString(url)): \(Self.describe(error))")
        }
        guard (200..<300).contains(response.status.code) else {
            return .failed("server returned HTTP status \(response.status.code) \(response.status.reasonPhrase)")
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: bodyLimit)
        } catch is NIOTooManyBytesError {
            return .failed("body size limit exceeded")
        } catch {
            return .failed("Get \(quoteGoString(url)): \(Self.describe(error))")
        }
        return ScrapeInput.parse(Array(body.readableBytesView), contentType: response.headers.first(name: "Content-Type"))
    }

    /// The `Authorization` header value for `auth`, reading secret files now.
    static func authorization(_ auth: ScrapeAuth?) throws -> String? {
        switch auth {
        case nil:
            return nil
        case .basic(let username, let password, let passwordFile):
            let secret = try passwordFile.map(readSecret) ?? password?.value ?? ""
            return "Basic " + Data("\(username):\(secret)".utf8).base64EncodedString()
        case .authorization(let type, let credentials, let credentialsFile):
            let secret = try credentialsFile.map(readSecret) ?? credentials?.value ?? ""
            return "\(type) \(secret)"
        }
    }

    /// A secret file's content without surrounding whitespace, as Prometheus trims it.
    private static func readSecret(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Go's wording where Prometheus users know it: a passed deadline, a refused connection.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return "context deadline exceeded"
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }
}
