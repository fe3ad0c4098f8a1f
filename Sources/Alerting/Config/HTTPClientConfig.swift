import VigilConfig

/// `http_config` of a receiver or of `global`: authentication and TLS for outgoing requests,
/// the subset of Prometheus's common HTTP client config Vigil implements.
public struct HTTPClientConfig: Sendable, Hashable, Codable {
    public var basicAuth: BasicAuth?
    public var authorization: Authorization?
    public var bearerToken: Secret?
    public var bearerTokenFile: String?
    public var tlsConfig: TLSConfig?
    public var followRedirects: Bool
    public var proxyURL: String?

    public init() {
        followRedirects = true
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case basicAuth = "basic_auth", authorization, bearerToken = "bearer_token"
        case bearerTokenFile = "bearer_token_file", tlsConfig = "tls_config"
        case followRedirects = "follow_redirects", proxyURL = "proxy_url", enableHTTP2 = "enable_http2"
        case oauth2
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "http_config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.oauth2) { throw c.invalid(.oauth2, "oauth2 is not supported by Vigil yet") }
        basicAuth = try c.decodeIfPresent(BasicAuth.self, forKey: .basicAuth)
        authorization = try c.decodeIfPresent(Authorization.self, forKey: .authorization)
        bearerToken = try c.decodeIfPresent(Secret.self, forKey: .bearerToken)
        bearerTokenFile = try c.decodeIfPresent(String.self, forKey: .bearerTokenFile)
        tlsConfig = try c.decodeIfPresent(TLSConfig.self, forKey: .tlsConfig)
        followRedirects = try c.decode(Bool.self, forKey: .followRedirects, default: true)
        proxyURL = try c.decodeIfPresent(String.self, forKey: .proxyURL)
        _ = try c.decodeIfPresent(Bool.self, forKey: .enableHTTP2)
        let schemes = [basicAuth != nil, authorization != nil, bearerToken != nil || bearerTokenFile != nil].filter { $0 }
        if schemes.count > 1 {
            throw c.invalid(.authorization, "at most one of basic_auth, authorization and bearer_token must be configured")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(basicAuth, forKey: .basicAuth)
        try c.encodeIfPresent(authorization, forKey: .authorization)
        try c.encodeIfPresent(bearerToken, forKey: .bearerToken)
        try c.encodeIfPresent(bearerTokenFile, forKey: .bearerTokenFile)
        try c.encodeIfPresent(tlsConfig, forKey: .tlsConfig)
        try c.encode(followRedirects, forKey: .followRedirects)
        try c.encodeIfPresent(proxyURL, forKey: .proxyURL)
    }

    public struct BasicAuth: Sendable, Hashable, Codable {
        public var username: String
        public var password: Secret?
        public var passwordFile: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case username, password, passwordFile = "password_file" }
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, in: "basic_auth")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            username = try c.decode(String.self, forKey: .username, default: "")
            password = try c.decodeIfPresent(Secret.self, forKey: .password)
            passwordFile = try c.decodeIfPresent(String.self, forKey: .passwordFile)
        }
    }

    public struct Authorization: Sendable, Hashable, Codable {
        public var type: String
        public var credentials: Secret?
        public var credentialsFile: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case type, credentials, credentialsFile = "credentials_file" }
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, in: "authorization")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type, default: "Bearer")
            credentials = try c.decodeIfPresent(Secret.self, forKey: .credentials)
            credentialsFile = try c.decodeIfPresent(String.self, forKey: .credentialsFile)
        }
    }
}

/// `tls_config`: how to verify (or not) the peer and which client certificate to present.
public struct TLSConfig: Sendable, Hashable, Codable {
    public var insecureSkipVerify: Bool
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var serverName: String?

    public init(insecureSkipVerify: Bool = false) { self.insecureSkipVerify = insecureSkipVerify }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case insecureSkipVerify = "insecure_skip_verify", caFile = "ca_file", certFile = "cert_file"
        case keyFile = "key_file", serverName = "server_name", minVersion = "min_version"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "tls_config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        insecureSkipVerify = try c.decode(Bool.self, forKey: .insecureSkipVerify, default: false)
        caFile = try c.decodeIfPresent(String.self, forKey: .caFile)
        certFile = try c.decodeIfPresent(String.self, forKey: .certFile)
        keyFile = try c.decodeIfPresent(String.self, forKey: .keyFile)
        serverName = try c.decodeIfPresent(String.self, forKey: .serverName)
        _ = try c.decodeIfPresent(String.self, forKey: .minVersion)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(insecureSkipVerify, forKey: .insecureSkipVerify)
        try c.encodeIfPresent(caFile, forKey: .caFile)
        try c.encodeIfPresent(certFile, forKey: .certFile)
        try c.encodeIfPresent(keyFile, forKey: .keyFile)
        try c.encodeIfPresent(serverName, forKey: .serverName)
    }
}
