import Foundation
import VigilConfig
import VigilCore

/// `oncall.actions[]`: an automated response run when an incident opens (seed 003's
/// block-IP): an HTTP call whose body is a Go template over the incident and its first alert.
/// An action that changes production can require a person's approval before it runs.
///
/// ```yaml
/// - name: block-ip
///   incident_rules: [security]        # default: incidents of every rule (and manual ones)
///   severities: [critical]            # default: every severity
///   requires_approval: true
///   http:
///     url: https://waf.internal/api/block
///     method: POST                    # default POST
///     headers: {Content-Type: application/json}
///     body: '{"prefix": "{{ .Labels.ip_prefix }}", "incident": "{{ .Incident.ID }}"}'
///     timeout: 10s
/// ```
public struct IncidentAction: Sendable, Hashable, Decodable {
    public struct HTTPCall: Sendable, Hashable, Decodable {
        public var url: String
        public var method: String
        public var headers: [String: String]
        /// A Go template; its data is `{Labels, Incident: {ID, Title, Severity, Summary}, ExternalURL}`.
        public var body: String
        public var timeout: PromDuration

        enum CodingKeys: String, CodingKey, CaseIterable { case url, method, headers, body, timeout }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, in: "http")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            url = try c.decode(String.self, forKey: .url)
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
                throw c.invalid(.url, "url must be an absolute http(s) URL, got \(quoteGoString(url))")
            }
            method = try c.decode(String.self, forKey: .method, default: "POST").uppercased()
            guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) else {
                throw c.invalid(.method, "method must be one of GET, POST, PUT, PATCH, DELETE")
            }
            headers = try c.decode([String: String].self, forKey: .headers, default: [:])
            body = try c.decode(String.self, forKey: .body, default: "")
            timeout = try c.decode(PromDuration.self, forKey: .timeout, default: .seconds(10))
            if timeout.milliseconds <= 0 { throw c.invalid(.timeout, "timeout must be positive") }
        }
    }

    public var name: String
    public var incidentRules: [String]
    public var severities: [Severity]
    public var requiresApproval: Bool
    public var http: HTTPCall

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, incidentRules = "incident_rules", severities, requiresApproval = "requires_approval", http
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "action")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        if name.isEmpty { throw c.invalid(.name, "name must not be empty") }
        incidentRules = try c.decode([String].self, forKey: .incidentRules, default: [])
        severities = try c.decode([Severity].self, forKey: .severities, default: [])
        requiresApproval = try c.decode(Bool.self, forKey: .requiresApproval, default: false)
        http = try c.decode(HTTPCall.self, forKey: .http)
    }

    /// Whether the action runs for an incident opened by `rule` (nil: by hand) with `severity`.
    public func applies(rule: String?, severity: Severity) -> Bool {
        (incidentRules.isEmpty || rule.map(incidentRules.contains) == true) && (severities.isEmpty || severities.contains(severity))
    }
}
