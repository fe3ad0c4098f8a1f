import Alerting
import Foundation

/// An alert email as Alertmanager writes it: the configured headers (Q-encoded), `Message-Id`
/// and `Date` unless configured, and a `multipart/alternative` body with a quoted-printable
/// text part, then the HTML part (the preferred alternative goes last, RFC 2046 §5.1.4).
struct MIMEMessage: Sendable {
    /// Rendered header values by name; written in name order.
    var headers: [String: String]
    var text: String?
    var html: String?
    var messageID: String
    var date: Date
    var boundary: String

    /// A random boundary of 60 hex digits, as Go's `multipart.Writer` makes.
    static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<30).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    /// The message bytes, CRLF line ends, without SMTP dot-stuffing.
    func encoded() -> [UInt8] {
        var head = ""
        for name in headers.keys.sorted() {
            head += "\(name): \(MailEncoding.qEncodedHeader(headers[name] ?? ""))\r\n"
        }
        let configured = Set(headers.keys.map { $0.lowercased() })
        if !configured.contains("message-id") { head += "Message-Id: \(messageID)\r\n" }
        if !configured.contains("date") { head += "Date: \(GoTime.rfc1123Z(date))\r\n" }
        head += "Content-Type: multipart/alternative;  boundary=\(boundary)\r\n"
        head += "MIME-Version: 1.0\r\n\r\n"

        var out = Array(head.utf8)
        var first = true
        for (body, type) in [(text, "text/plain"), (html, "text/html")] {
            guard let body else { continue }
            out += Array(((first ? "" : "\r\n") + "--\(boundary)\r\n").utf8)
            first = false
            out += Array(
                "Content-Transfer-Encoding: quoted-printable\r\nContent-Type: \(type); charset=UTF-8\r\n\r\n".utf8)
            out += MailEncoding.quotedPrintable(body)
        }
        out += Array(((first ? "" : "\r\n") + "--\(boundary)--\r\n").utf8)
        return out
    }
}
