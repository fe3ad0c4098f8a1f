/// Percent-encoding of scrape URLs the way Go's `net/url` writes them, so a target's URL reads
/// the same in Vigil and Prometheus.
enum URLEncoding {
    /// `url.Values.Encode`: `k=v` pairs joined by `&`, keys sorted, values in order.
    static func encodeQuery(_ params: [String: [String]]) -> String {
        params.keys.sorted().flatMap { key in
            params[key, default: []].map { queryEscape(key) + "=" + queryEscape($0) }
        }.joined(separator: "&")
    }

    /// `url.QueryEscape`: letters, digits and `-_.~` stay; space becomes `+`; the rest `%XX`.
    static func queryEscape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == 0x20 {
                out += "+"
            } else {
                out += percent(byte)
            }
        }
        return out
    }

    /// A path as `URL.EscapedPath` writes it: unreserved bytes and `/:@!$&'()*+,;=` stay.
    static func escapePath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            if isUnreserved(byte) || "/:@!$&'()*+,;=".utf8.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += percent(byte)
            }
        }
        return out
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || b == 45 || b == 46 || b == 95 || b == 126
    }

    private static func percent(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}
