import Foundation
import Testing

/// A certificate for 127.0.0.1 made with `openssl` for this test run: `cert.pem` (also the CA to
/// trust) and `key.pem` in a fresh directory.
struct SelfSignedCertificate {
    let certificate: String
    let key: String

    static func make() throws -> SelfSignedCertificate {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cert = directory.appending(path: "cert.pem").path
        let key = directory.appending(path: "key.pem").path
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
            "-days", "1", "-subj", "/CN=vigil.test", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl could not make a self-signed certificate")
        return SelfSignedCertificate(certificate: cert, key: key)
    }
}
