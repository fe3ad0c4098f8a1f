import Foundation

/// String helpers with Go's semantics, shared by the Alertmanager and Prometheus tables.
enum GoStrings {
    /// Go's deprecated `strings.Title` (Prometheus's `title`): upper-cases the first letter of each
    /// word and leaves the rest alone.
    static func title(_ text: String) -> String {
        var out = ""
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if isSeparator(previous) {
                out += String(scalar).uppercased()
            } else {
                out.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        return out
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
        }
        return scalar.properties.isWhitespace
    }

    /// `cases.Title(language.AmericanEnglish)` (Alertmanager's `title`): each word's first letter
    /// in title case, the rest lower-cased.
    static func titleCased(_ text: String) -> String {
        var out = ""
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordScalar = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar == "_" || scalar == "'" && inWord
            if isWordScalar {
                out += inWord ? String(scalar).lowercased() : String(scalar.properties.titlecaseMapping)
                inWord = true
            } else {
                out.unicodeScalars.append(scalar)
                inWord = false
            }
        }
        return out
    }

    /// `strings.TrimSpace`.
    static func trimSpace(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `url.QueryUnescape`: `+` is a space; a bad `%` escape is an error.
    static func queryUnescape(_ text: String) throws -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let end = min(index + 3, bytes.count)
                let escape = String(decoding: bytes[index..<end], as: UTF8.self)
                guard end - index == 3, let value = UInt8(escape.dropFirst(), radix: 16) else {
                    throw TemplateFunctionError("invalid URL escape \(goQuote(escape))")
                }
                out.append(value)
                index += 3
            } else {
                out.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
