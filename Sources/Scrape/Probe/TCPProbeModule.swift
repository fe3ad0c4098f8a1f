import VigilConfig
import VigilCore

/// The `tcp` module of a probe job, after blackbox_exporter's `tcp` prober: the probe succeeds
/// when the connection (and the TLS handshake with `tls`) completes within the timeout and each
/// `query_response` step passes.
///
/// ```yaml
/// tcp:
///   tls: false                       # handshake after connecting
///   tls_config: {insecure_skip_verify: false, ca_file: ca.pem}
///   query_response:
///     - expect: "^\\+OK"             # wait for a line matching this
///     - send: "PING"                 # written followed by "\n"
///     - expect: "^\\+PONG"
/// ```
public struct TCPProbeModule: Sendable, Hashable {
    public var tls = false
    public var tlsConfig = ProbeTLSConfig()
    public var queryResponse: [Step] = []

    public init() {}

    /// One `query_response` entry: read lines until one matches `expect`, then write `send`.
    public struct Step: Sendable, Hashable {
        public var expect: ProbeRegex?
        /// Written with a "\n" after it.
        public var send: String?
        public init(expect: ProbeRegex? = nil, send: String? = nil) {
            self.expect = expect
            self.send = send
        }
    }
}

extension TCPProbeModule: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case tls, tlsConfig = "tls_config", queryResponse = "query_response"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "tcp_probe")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tls = try c.decode(Bool.self, forKey: .tls, default: false)
        tlsConfig = try c.decode(ProbeTLSConfig.self, forKey: .tlsConfig, default: ProbeTLSConfig())
        queryResponse = try c.decode([Step].self, forKey: .queryResponse, default: [])
    }
}

extension TCPProbeModule.Step: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case expect, send }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "query_response")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        expect = try c.decodeIfPresent(ProbeRegex.self, forKey: .expect)
        send = try c.decodeIfPresent(String.self, forKey: .send)
        if expect == nil, send == nil { throw c.invalid(.expect, "query_response step needs expect or send") }
    }
}
