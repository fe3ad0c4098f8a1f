import NIOSSL
import Scrape

extension ProbeTLSConfig {
    /// The client TLS settings of a probe: the system's trust roots or `ca_file`'s, or no
    /// verification at all. Throws when `ca_file` cannot be read.
    func clientConfiguration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if insecureSkipVerify {
            tls.certificateVerification = .none
        } else if let caFile {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        return tls
    }
}
