import Alerting
import AsyncHTTPClient
import NIOCore

/// One JSON body POSTed to one URL outside the alert pipeline (the audit ledger's anchor), with
/// the notifiers' transport: 2xx succeeds, 5xx/429/no answer may be retried, `bearer_token_file`
/// is read at each request, and neither the URL nor any credential reaches an error message.
public struct JSONWebhook: Sendable {
    private let poster: HTTPPoster
    private let url: Secret
    private let headers: [(name: String, value: String)]

    /// - Parameters:
    ///   - name: how errors name the sender (`audit.anchor`).
    ///   - headers: sent with every request; their values are treated as secrets.
    ///   - httpConfig: authentication (`bearer_token`, `bearer_token_file`, …) and TLS.
    ///   - timeout: one request, connect to last byte.
    public init(name: String, url: Secret, headers: [String: Secret] = [:], httpConfig: HTTPClientConfig?,
                client: HTTPClient, timeout: TimeAmount, userAgent: String) throws {
        poster = try HTTPPoster(client: client, integration: IntegrationID(receiver: name, kind: "webhook", index: 0),
                                httpConfig: httpConfig, options: NotifierOptions(userAgent: userAgent, requestTimeout: timeout))
        self.url = url
        self.headers = headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value.value) }
    }

    /// POSTs `body` as `application/json`.
    /// - Throws: `NotifyError`, `retryable` when another attempt may succeed.
    public func post(_ body: [UInt8]) async throws(NotifyError) {
        try await poster.postJSON(body, to: url.value, headers: headers)
    }
}
