import VigilConfig

/// `pagerduty_configs`: PagerDuty Events API v2 (`routing_key`) trigger and resolve events,
/// keyed by a stable `dedup_key` per alert group. The v1 `service_key` is refused.
public struct PagerDutyConfig: Sendable, Hashable, Codable {
    public var sendResolved = true
    public var routingKey: Secret?
    public var routingKeyFile: String?
    public var url: String?
    public var client = #"{{ template "pagerduty.default.client" . }}"#
    public var clientURL = #"{{ template "pagerduty.default.clientURL" . }}"#
    public var description = #"{{ template "pagerduty.default.description" .}}"#
    public var details: [String: String] = PagerDutyConfig.defaultDetails
    public var source: String?
    public var severity = "error"
    public var eventClass: String?
    public var component: String?
    public var group: String?
    public var images: [Image] = []
    public var links: [Link] = []
    public var httpConfig: HTTPClientConfig?

    public static let defaultDetails: [String: String] = [
        "firing": #"{{ template "pagerduty.default.instances" .Alerts.Firing }}"#,
        "resolved": #"{{ template "pagerduty.default.instances" .Alerts.Resolved }}"#,
        "num_firing": "{{ .Alerts.Firing | len }}",
        "num_resolved": "{{ .Alerts.Resolved | len }}",
    ]

    public init() {}

    public struct Image: Sendable, Hashable, Codable { public var src: String; public var alt: String?; public var href: String? }
    public struct Link: Sendable, Hashable, Codable { public var href: String; public var text: String? }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sendResolved = "send_resolved", serviceKey = "service_key", serviceKeyFile = "service_key_file"
        case routingKey = "routing_key", routingKeyFile = "routing_key_file", url, client, clientURL = "client_url"
        case description, details, images, links, source, severity, eventClass = "class", component, group
        case httpConfig = "http_config"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "pagerduty_config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PagerDutyConfig()
        if c.contains(.serviceKey) || c.contains(.serviceKeyFile) {
            throw c.invalid(c.contains(.serviceKey) ? .serviceKey : .serviceKeyFile,
                            "PagerDuty Events API v1 (service_key) is not supported by Vigil; use routing_key (Events API v2)")
        }
        sendResolved = try c.decode(Bool.self, forKey: .sendResolved, default: d.sendResolved)
        routingKey = try c.decodeIfPresent(Secret.self, forKey: .routingKey)
        routingKeyFile = try c.decodeIfPresent(String.self, forKey: .routingKeyFile)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        client = try c.decode(String.self, forKey: .client, default: d.client)
        clientURL = try c.decode(String.self, forKey: .clientURL, default: d.clientURL)
        description = try c.decode(String.self, forKey: .description, default: d.description)
        var merged = PagerDutyConfig.defaultDetails
        for (key, value) in try c.decode([String: String].self, forKey: .details, default: [:]) { merged[key] = value }
        details = merged
        images = try c.decode([Image].self, forKey: .images, default: [])
        links = try c.decode([Link].self, forKey: .links, default: [])
        source = try c.decodeIfPresent(String.self, forKey: .source)
        severity = try c.decode(String.self, forKey: .severity, default: d.severity)
        eventClass = try c.decodeIfPresent(String.self, forKey: .eventClass)
        component = try c.decodeIfPresent(String.self, forKey: .component)
        group = try c.decodeIfPresent(String.self, forKey: .group)
        httpConfig = try c.decodeIfPresent(HTTPClientConfig.self, forKey: .httpConfig)
        if routingKey == nil, routingKeyFile == nil {
            throw c.invalid(.routingKey, "missing routing_key or routing_key_file in PagerDuty config")
        }
        if routingKey != nil, routingKeyFile != nil {
            throw c.invalid(.routingKey, "at most one of routing_key & routing_key_file must be configured")
        }
        if let url, !isHTTPURL(url) { throw c.invalid(.url, "unsupported scheme for URL: must be http or https") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sendResolved, forKey: .sendResolved)
        try c.encodeIfPresent(routingKey, forKey: .routingKey)
        try c.encodeIfPresent(routingKeyFile, forKey: .routingKeyFile)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encode(client, forKey: .client)
        try c.encode(clientURL, forKey: .clientURL)
        try c.encode(description, forKey: .description)
        try c.encode(details, forKey: .details)
        if !images.isEmpty { try c.encode(images, forKey: .images) }
        if !links.isEmpty { try c.encode(links, forKey: .links) }
        try c.encodeIfPresent(source, forKey: .source)
        try c.encode(severity, forKey: .severity)
        try c.encodeIfPresent(eventClass, forKey: .eventClass)
        try c.encodeIfPresent(component, forKey: .component)
        try c.encodeIfPresent(group, forKey: .group)
        try c.encodeIfPresent(httpConfig, forKey: .httpConfig)
    }
}
