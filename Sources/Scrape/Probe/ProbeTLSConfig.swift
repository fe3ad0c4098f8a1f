import VigilConfig

/// `tls_config` of a probe module: how the server's certificate is checked.
public struct ProbeTLSConfig: Sendable, Hashable {
    /// Accept any certificate (expired, self-signed, for another name).
    public var insecureSkipVerify = false
    /// PEM file of the CAs to trust instead of the system's; read at each probe.
    public var caFile: String?

    public init(insecureSkipVerify: Bool = false, caFile: String? = nil) {
        self.insecureSkipVerify = insecureSkipVerify
        self.caFile = caFile
    }
}

extension ProbeTLSConfig: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case insecureSkipVerify = "insecure_skip_verify", caFile = "ca_file"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "tls_config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        insecureSkipVerify = try c.decode(Bool.self, forKey: .insecureSkipVerify, default: false)
        caFile = try c.decodeIfPresent(String.self, forKey: .caFile)
    }
}
