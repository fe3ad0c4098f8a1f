import Alerting
import NIOSSL
import Testing

@testable import Notifiers

@Suite struct TLSSettingsTests {
    @Test func mapsPrometheusTLSConfig() throws {
        #expect(try TLSConfig().clientConfiguration().certificateVerification == .fullVerification)
        #expect(try TLSConfig(insecureSkipVerify: true).clientConfiguration().certificateVerification == .none)
        var withCA = TLSConfig()
        withCA.caFile = "/etc/vigil/ca.pem"
        #expect(try withCA.clientConfiguration().trustRoots == .file("/etc/vigil/ca.pem"))
        var missingCert = TLSConfig()
        (missingCert.certFile, missingCert.keyFile) = ("/nonexistent/cert.pem", "/nonexistent/key.pem")
        #expect(throws: (any Error).self) { try missingCert.clientConfiguration() }
    }
}
