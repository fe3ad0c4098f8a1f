import Foundation
import Alerting
import VigilConfig
import VigilCore

/// `audit.anchor`: where and how often the ledger head is sent outside Vigil (docs/LEDGER-FORMAT.md).
///
/// ```yaml
/// audit:
///   anchor:
///     url: https://anchors.example.org/vigil   # POSTed the canonical JSON anchor body
///     interval: 1h                             # send the head this often, when it changed
///     timeout: 10s                             # one request, connect to last byte
///     bearer_token_file: /etc/vigil/anchor-token   # or bearer_token, or an Authorization header
///     headers: {X-Tenant: ops}
/// ```
///
/// The URL, header values and token are `Secret`s: they print and encode as `<secret>`.
public struct AnchorConfig: Sendable, Hashable, Codable {
    public var url: Secret
    public var interval = PromDuration.hours(1)
    public var timeout = PromDuration.seconds(10)
    public var headers: [String: Secret] = [:]
    public var bearerToken: Secret?
    public var bearerTokenFile: String?

    public init(url: String, interval: PromDuration = .hours(1), timeout: PromDuration = .seconds(10)) {
        self.url = Secret(url)
        self.interval = interval
        self.timeout = timeout
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, interval, timeout, headers, bearerToken = "bearer_token", bearerTokenFile = "bearer_token_file"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "audit.anchor")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AnchorConfig(url: "")
        url = try c.decode(Secret.self, forKey: .url)
        interval = try c.decode(PromDuration.self, forKey: .interval, default: d.interval)
        timeout = try c.decode(PromDuration.self, forKey: .timeout, default: d.timeout)
        headers = try c.decode([String: Secret].self, forKey: .headers, default: [:])
        bearerToken = try c.decodeIfPresent(Secret.self, forKey: .bearerToken)
        bearerTokenFile = try c.decodeIfPresent(String.self, forKey: .bearerTokenFile)
        if !isHTTPURL(url.value) { throw c.invalid(.url, "unsupported scheme for URL: must be http or https") }
        if interval.milliseconds <= 0 { throw c.invalid(.interval, "interval must be positive") }
        if timeout.milliseconds <= 0 { throw c.invalid(.timeout, "timeout must be positive") }
        if bearerToken != nil, bearerTokenFile != nil {
            throw c.invalid(.bearerToken, "at most one of bearer_token & bearer_token_file must be configured")
        }
        if bearerToken != nil || bearerTokenFile != nil, headers.keys.contains(where: { $0.lowercased() == "authorization" }) {
            throw c.invalid(.headers, "an Authorization header and bearer_token cannot both be configured")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(interval, forKey: .interval)
        try c.encode(timeout, forKey: .timeout)
        if !headers.isEmpty { try c.encode(headers, forKey: .headers) }
        try c.encodeIfPresent(bearerToken, forKey: .bearerToken)
        try c.encodeIfPresent(bearerTokenFile, forKey: .bearerTokenFile)
    }

    /// The receiver as recorded and sent in the anchor body: scheme, host and port only, since a
    /// URL's path or query may carry a credential.
    public var receiverName: String {
        guard let components = URLComponents(string: url.value), let scheme = components.scheme, let host = components.host
        else { return "anchor receiver" }
        return components.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }
}
