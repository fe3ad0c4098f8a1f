import Crypto
import Foundation

/// SMTP AUTH (RFC 4954) with the mechanisms Alertmanager uses: the first of the server's
/// advertised mechanisms for which a credential is configured wins.
struct SMTPAuth: Sendable {
    var username: String
    var password: String?
    var secret: String?
    var identity: String

    /// The mechanism to use among `offered`, or an error naming what was missing.
    func mechanism(from offered: [String]) -> Result<String, SMTPError> {
        var problems: [String] = []
        for mechanism in offered {
            switch mechanism {
            case "CRAM-MD5":
                if secret?.isEmpty ?? true {
                    problems.append("missing secret for CRAM-MD5 auth mechanism")
                } else {
                    return .success(mechanism)
                }
            case "PLAIN", "LOGIN":
                if password?.isEmpty ?? true {
                    problems.append("missing password for \(mechanism) auth mechanism")
                } else {
                    return .success(mechanism)
                }
            default:
                continue
            }
        }
        if problems.isEmpty { problems.append("unknown auth mechanism: \(offered.joined(separator: " "))") }
        return .failure(SMTPError(step: "find auth mechanism", local: problems.joined(separator: "; ")))
    }

    /// Runs the exchange for `mechanism`. PLAIN sends the password in the clear, so, like Go's
    /// `smtp.PlainAuth`, it is refused on an unencrypted connection to anything but localhost.
    func authenticate(_ client: SMTPClient, mechanism: String, host: String) async throws(SMTPError) {
        let step = "\(mechanism) auth"
        switch mechanism {
        case "PLAIN":
            guard client.isTLS || ["localhost", "127.0.0.1", "::1"].contains(host) else {
                throw SMTPError(step: step, local: "unencrypted connection")
            }
            let token = base64("\(identity)\u{0}\(username)\u{0}\(password ?? "")")
            try await client.command("AUTH PLAIN \(token)", step: step, expecting: 235)
        case "LOGIN":
            // Servers word the prompts differently ("Username:", "User Name"); the order is fixed.
            try await client.command("AUTH LOGIN", step: step, expecting: 334)
            try await client.command(base64(username), step: step, expecting: 334)
            try await client.command(base64(password ?? ""), step: step, expecting: 235)
        case "CRAM-MD5":
            let challenge = try await client.command("AUTH CRAM-MD5", step: step, expecting: 334)
            guard let decoded = Data(base64Encoded: challenge.lines.first ?? "") else {
                throw SMTPError(step: step, local: "undecodable CRAM-MD5 challenge")
            }
            let mac = HMAC<Insecure.MD5>.authenticationCode(
                for: decoded, using: SymmetricKey(data: Data((secret ?? "").utf8)))
            let digest = mac.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
            try await client.command(base64("\(username) \(digest)"), step: step, expecting: 235)
        default:
            throw SMTPError(step: step, local: "unsupported auth mechanism")
        }
    }

    /// Every string that would reveal a credential if it appeared in an error.
    var secrets: [String] {
        [password, secret].compactMap { $0 }.filter { !$0.isEmpty }
            + [password.map(base64), secret.map(base64)].compactMap { $0 }
    }

    private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
