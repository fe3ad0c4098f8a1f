/// Content encodings of a mail message, as Go's `mime/quotedprintable` writer (text mode) and
/// `mime.QEncoding` produce them.
enum MailEncoding {
    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// RFC 2045 quoted-printable: lines of at most 76 characters with `=` soft breaks, line
    /// breaks as CRLF, `=`, non-ASCII and whitespace before a line break as `=XX`.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var lineLength = 0
        func emit(_ token: [UInt8]) {
            if lineLength + token.count > 75 {
                out += Array("=\r\n".utf8)
                lineLength = 0
            }
            out += token
            lineLength += token.count
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                    index += 1
                }
                out += Array("\r\n".utf8)
                lineLength = 0
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                let next = index + 1 < bytes.count ? bytes[index + 1] : nil
                let endsLine = next == nil || next == UInt8(ascii: "\r") || next == UInt8(ascii: "\n")
                emit(endsLine ? escaped(byte) : [byte])
            } else if byte >= 33, byte <= 126, byte != UInt8(ascii: "=") {
                emit([byte])
            } else {
                emit(escaped(byte))
            }
            index += 1
        }
        return out
    }

    /// A header value as `mime.QEncoding.Encode("utf-8", value)`: unchanged when it is printable
    /// ASCII, else encoded words of at most 75 characters, never splitting a character.
    static func qEncodedHeader(_ value: String) -> String {
        let needsEncoding = value.utf8.contains { ($0 < 0x20 && $0 != UInt8(ascii: "\t")) || $0 > 0x7e }
        guard needsEncoding else { return value }
        let prefix = Array("=?utf-8?q?".utf8)
        let suffix = Array("?=".utf8)
        let room = 75 - prefix.count - suffix.count
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        for scalar in value.unicodeScalars {
            var token: [UInt8] = []
            for byte in String(scalar).utf8 {
                if byte == UInt8(ascii: " ") {
                    token.append(UInt8(ascii: "_"))
                } else if byte >= 33, byte <= 126, byte != UInt8(ascii: "="), byte != UInt8(ascii: "?"),
                    byte != UInt8(ascii: "_")
                {
                    token.append(byte)
                } else {
                    token += escaped(byte)
                }
            }
            if current.count + token.count > room, !current.isEmpty {
                words.append(current)
                current = []
            }
            current += token
        }
        words.append(current)
        return words.map { String(decoding: prefix + $0 + suffix, as: UTF8.self) }.joined(separator: " ")
    }

    private static func escaped(_ byte: UInt8) -> [UInt8] {
        [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
    }
}
