import Alerting
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// Posts a JSON body for one integration and classifies the outcome as Alertmanager's
/// `Retrier` does: 2xx succeeds, 5xx and `retryCodes` may be retried, any other status may not,
/// and a request that got no answer (refused, reset, timed out) may be retried.
struct HTTPPoster: Sendable {
    let client: HTTPClient
    let integration: IntegrationID
    let auth: HTTPAuth?
    let tls: TLSConfiguration?
    let timeout: TimeAmount
    let userAgent: String
    /// Statuses outside 5xx that a retry can fix.
    var retryCodes: Set<Int> = [429]

    /// How much of an error response's body goes into the error message.
    static let maxDetailBytes = 512

    /// Builds the poster for an integration with `httpConfig` (the receiver's, else the global one).
    init(
        client: HTTPClient, integration: IntegrationID, httpConfig: HTTPClientConfig?, options: NotifierOptions
    ) throws {
        if let config = httpConfig {
            if config.proxyURL != nil { throw IntegrationBuildError(integration, "proxy_url is not supported yet") }
            if !config.followRedirects {
                throw IntegrationBuildError(integration, "follow_redirects: false is not supported yet")
            }
            if config.tlsConfig?.serverName != nil {
                throw IntegrationBuildError(integration, "tls_config.server_name is not supported for HTTP yet")
            }
        }
        self.client = client
        self.integration = integration
        auth = HTTPAuth(httpConfig)
        do {
            tls = try httpConfig?.tlsConfig.map { try $0.clientConfiguration() }
        } catch {
            throw IntegrationBuildError(integration, "invalid tls_config: \(error)")
        }
        timeout = options.requestTimeout
        userAgent = options.userAgent
    }

    /// POSTs `body` to `url`. `secrets` are redacted from any error (the URL and `headers`' values
    /// always are); `details` turns an error response's status and body into the message's tail.
    func postJSON(
        _ body: [UInt8], to url: String, secrets: [String] = [], headers: [(name: String, value: String)] = [],
        details: @Sendable (Int, String) -> String = HTTPPoster.bodyDetails
    ) async throws(NotifyError) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: userAgent)
        var hidden = secrets + [url] + headers.map(\.value)
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let auth {
            let header = try auth.header(for: integration)
            request.headers.add(name: "Authorization", value: header.value)
            hidden += header.secrets
        }
        request.tlsConfiguration = tls
        request.body = .bytes(body)

        let status: Int
        let text: String
        do {
            // No logger for the client: its debug logs carry the URL, which may be a credential.
            let response = try await client.execute(request, timeout: timeout)
            status = Int(response.status.code)
            var collected: [UInt8] = []
            for try await chunk in response.body where collected.count < HTTPPoster.maxDetailBytes {
                collected += chunk.readableBytesView.prefix(HTTPPoster.maxDetailBytes - collected.count)
            }
            text = String(decoding: collected, as: UTF8.self)
        } catch {
            throw transportError(error, hidden: hidden)
        }
        if (200..<300).contains(status) { return }
        var message = "\(integration): unexpected status code \(status)"
        let tail = details(status, text)
        // The reply is the peer's text and may quote the request; only our own text is trusted.
        if !tail.isEmpty { message += ": " + redacting(tail, secrets: hidden) }
        throw NotifyError(retryable: status / 100 == 5 || retryCodes.contains(status), message: message, code: status)
    }

    /// The default detail: the response body, trimmed.
    @Sendable static func bodyDetails(_ status: Int, _ body: String) -> String {
        body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func transportError(_ error: any Error, hidden: [String]) -> NotifyError {
        // A URL the client cannot even use will not get better by retrying.
        var retryable = true
        if let clientError = error as? HTTPClientError {
            let permanent: [HTTPClientError] = [.invalidURL, .emptyHost, .emptyScheme]
            retryable = !permanent.contains(clientError) && !"\(clientError)".contains("unsupportedScheme")
        }
        return NotifyError(
            retryable: retryable,
            message: "\(integration): failed to send request: " + redacting("\(error)", secrets: hidden))
    }
}
