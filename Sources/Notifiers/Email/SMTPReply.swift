/// One SMTP reply (RFC 5321 §4.2): a three-digit code and one or more lines of text.
struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    var code: Int
    /// The text after the code on each line, in order.
    var lines: [String]

    /// 2xx: the command succeeded.
    var isCompletion: Bool { code / 100 == 2 }
    /// 3xx: the server waits for more (DATA's body, an AUTH response).
    var isIntermediate: Bool { code / 100 == 3 }
    /// 4xx: a transient failure; the same command may succeed later.
    var isTransient: Bool { code / 100 == 4 }

    /// `250 first line; second line` form, for error messages.
    var description: String { "\(code) \(lines.joined(separator: "; "))" }
}

/// Assembles replies from lines: `250-…` continues a reply, `250 …` (or a bare `250`) ends it.
struct SMTPReplyParser: Sendable {
    private var code: Int?
    private var lines: [String] = []

    struct Malformed: Error, Hashable { var line: String }

    /// Consumes one line (without CRLF); returns the reply it completes, if any.
    mutating func consume(_ line: String) throws(Malformed) -> SMTPReply? {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= 3, let code = Int(String(String.UnicodeScalarView(scalars[0..<3]))),
            (200...599).contains(code)
        else { throw Malformed(line: String(line.prefix(64))) }
        let separator: Unicode.Scalar = scalars.count > 3 ? scalars[3] : " "
        guard separator == " " || separator == "-" else { throw Malformed(line: String(line.prefix(64))) }
        if let expected = self.code, expected != code { throw Malformed(line: String(line.prefix(64))) }
        self.code = code
        lines.append(scalars.count > 4 ? String(String.UnicodeScalarView(scalars[4...])) : "")
        guard separator == " " else { return nil }
        defer {
            self.code = nil
            lines = []
        }
        return SMTPReply(code: code, lines: lines)
    }
}

/// The extensions an `EHLO` reply advertises, keyed by upper-cased keyword (`STARTTLS`,
/// `AUTH` → `PLAIN LOGIN`).
struct SMTPExtensions: Sendable, Hashable {
    private(set) var parameters: [String: String] = [:]

    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            parameters[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
        }
    }

    init() {}

    func has(_ keyword: String) -> Bool { parameters[keyword] != nil }

    /// The SASL mechanisms of `AUTH`, in the server's order.
    var authMechanisms: [String] {
        (parameters["AUTH"] ?? "").split(separator: " ").map { $0.uppercased() }
    }
}
