import Alerting
import NIOSSL

extension TLSConfig {
    /// A client TLS configuration as Prometheus's `tls_config` describes it: `ca_file` replaces
    /// the system roots, `cert_file`/`key_file` present a client certificate, and
    /// `insecure_skip_verify` turns verification off. The client certificate and key are read here,
    /// the CA file when a connection is made.
    func clientConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if insecureSkipVerify { configuration.certificateVerification = .none }
        if let caFile { configuration.trustRoots = .file(caFile) }
        if let certFile, let keyFile {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certFile).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
        }
        return configuration
    }
}
