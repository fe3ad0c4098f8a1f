import VigilConfig
import VigilCore

/// The `http` module of a probe job, after blackbox_exporter's `http` prober: the probe succeeds
/// when the request completes within the timeout with a valid status code and HTTP version and
/// the body passes the regular expressions.
///
/// ```yaml
/// http:
///   method: GET                          # default GET
///   headers: {Host: shop.example.com}
///   body: ""                             # request body
///   valid_status_codes: [200, 204]       # default: any 2xx
///   valid_http_versions: [HTTP/1.1]      # default: any
///   fail_if_ssl: false
///   fail_if_not_ssl: false
///   fail_if_body_matches_regexp: ["maintenance"]
///   fail_if_body_not_matches_regexp: ['"status":\s*"ok"']
///   no_follow_redirects: false           # or follow_redirects: true
///   tls_config: {insecure_skip_verify: false, ca_file: /etc/ssl/internal-ca.pem}
/// ```
public struct HTTPProbeModule: Sendable, Hashable {
    public var method = "GET"
    /// Sent with every request, in name order.
    public var headers: [String: String] = [:]
    public var body: String?
    /// Empty means any 2xx.
    public var validStatusCodes: [Int] = []
    /// Go's spelling (`HTTP/1.1`, `HTTP/2.0`); empty means any.
    public var validHTTPVersions: [String] = []
    public var failIfSSL = false
    public var failIfNotSSL = false
    /// The probe fails when any of these finds a match anywhere in the body.
    public var failIfBodyMatches: [ProbeRegex] = []
    /// The probe fails when one of these finds no match in the body.
    public var failIfBodyNotMatches: [ProbeRegex] = []
    /// Up to 10 redirects are followed unless false (`probe_http_redirects` counts them).
    public var followRedirects = true
    public var tls = ProbeTLSConfig()

    public init() {}

    /// Whether `code` is a valid status code for this module.
    public func accepts(status code: Int) -> Bool {
        validStatusCodes.isEmpty ? (200..<300).contains(code) : validStatusCodes.contains(code)
    }
}

extension HTTPProbeModule: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case method, headers, body, validStatusCodes = "valid_status_codes", validHTTPVersions = "valid_http_versions"
        case failIfSSL = "fail_if_ssl", failIfNotSSL = "fail_if_not_ssl"
        case failIfBodyMatches = "fail_if_body_matches_regexp", failIfBodyNotMatches = "fail_if_body_not_matches_regexp"
        case noFollowRedirects = "no_follow_redirects", followRedirects = "follow_redirects", tlsConfig = "tls_config"
    }

    static let httpVersions: Set<String> = ["HTTP/1.0", "HTTP/1.1", "HTTP/2.0"]

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "http_probe")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(String.self, forKey: .method, default: "GET").uppercased()
        if method.isEmpty || !method.allSatisfy({ $0.isASCII && $0.isLetter }) {
            throw c.invalid(.method, "invalid HTTP method \(quoteGoString(method))")
        }
        headers = try c.decode([String: String].self, forKey: .headers, default: [:])
        body = try c.decodeIfPresent(String.self, forKey: .body)
        validStatusCodes = try c.decode([Int].self, forKey: .validStatusCodes, default: [])
        if let bad = validStatusCodes.first(where: { !(100...599).contains($0) }) {
            throw c.invalid(.validStatusCodes, "invalid HTTP status code \(bad): must be 100 to 599")
        }
        validHTTPVersions = try c.decode([String].self, forKey: .validHTTPVersions, default: [])
        if let bad = validHTTPVersions.first(where: { !Self.httpVersions.contains($0) }) {
            throw c.invalid(.validHTTPVersions, "unknown HTTP version \(quoteGoString(bad)): must be one of HTTP/1.0, HTTP/1.1, HTTP/2.0")
        }
        failIfSSL = try c.decode(Bool.self, forKey: .failIfSSL, default: false)
        failIfNotSSL = try c.decode(Bool.self, forKey: .failIfNotSSL, default: false)
        if failIfSSL, failIfNotSSL { throw c.invalid(.failIfNotSSL, "fail_if_ssl and fail_if_not_ssl cannot both be true") }
        failIfBodyMatches = try c.decode([ProbeRegex].self, forKey: .failIfBodyMatches, default: [])
        failIfBodyNotMatches = try c.decode([ProbeRegex].self, forKey: .failIfBodyNotMatches, default: [])
        let noFollow = try c.decodeIfPresent(Bool.self, forKey: .noFollowRedirects)
        let follow = try c.decodeIfPresent(Bool.self, forKey: .followRedirects)
        if let noFollow, let follow, noFollow == follow {
            throw c.invalid(.followRedirects, "follow_redirects: \(follow) contradicts no_follow_redirects: \(noFollow)")
        }
        followRedirects = follow ?? !(noFollow ?? false)
        tls = try c.decode(ProbeTLSConfig.self, forKey: .tlsConfig, default: ProbeTLSConfig())
    }
}
