import VigilConfig

/// `webhook_configs`: POSTs Alertmanager's webhook JSON (version "4") to `url`.
public struct WebhookConfig: Sendable, Hashable, Codable {
    public var sendResolved: Bool
    public var url: Secret?
    public var urlFile: String?
    public var maxAlerts: Int
    public var httpConfig: HTTPClientConfig?

    public init(url: String, sendResolved: Bool = true) {
        self.url = Secret(url)
        self.sendResolved = sendResolved
        maxAlerts = 0
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sendResolved = "send_resolved", url, urlFile = "url_file", maxAlerts = "max_alerts", httpConfig = "http_config"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "webhook_config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sendResolved = try c.decode(Bool.self, forKey: .sendResolved, default: true)
        url = try c.decodeIfPresent(Secret.self, forKey: .url)
        urlFile = try c.decodeIfPresent(String.self, forKey: .urlFile)
        maxAlerts = try c.decode(Int.self, forKey: .maxAlerts, default: 0)
        httpConfig = try c.decodeIfPresent(HTTPClientConfig.self, forKey: .httpConfig)
        if url == nil, urlFile == nil { throw c.invalid(.url, "one of url or url_file must be configured") }
        if url != nil, urlFile != nil { throw c.invalid(.url, "at most one of url & url_file must be configured") }
        if let url, !isHTTPURL(url.value) { throw c.invalid(.url, "unsupported scheme for URL: must be http or https") }
        if maxAlerts < 0 { throw c.invalid(.maxAlerts, "max_alerts must not be negative") }
    }
}

/// Whether `text` is an `http://` or `https://` URL with something after the scheme (Alertmanager's check).
public func isHTTPURL(_ text: String) -> Bool {
    (text.hasPrefix("http://") || text.hasPrefix("https://")) && text.count > 8
}
