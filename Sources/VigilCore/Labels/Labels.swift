/// A set of labels, sorted by name, each name at most once.
///
/// Sorted storage makes equality, hashing and fingerprints independent of the order the labels
/// were given in, as Prometheus's `labels.Labels` is. Empty values are dropped on construction:
/// in Prometheus and Alertmanager a label with an empty value is the same as no label.
public struct Labels: Hashable, Sendable, Sequence, CustomStringConvertible {
    public private(set) var pairs: [Label]

    /// Builds a set from pairs in any order; a later duplicate name replaces an earlier one.
    public init(_ pairs: [Label]) {
        var sorted = pairs.filter { !$0.value.isEmpty }
        sorted.sort { $0.name < $1.name }
        var unique: [Label] = []
        unique.reserveCapacity(sorted.count)
        for pair in sorted {
            if let last = unique.last, last.name == pair.name {
                unique[unique.count - 1] = pair
            } else {
                unique.append(pair)
            }
        }
        self.pairs = unique
    }

    /// Builds a set from pairs already sorted by name with unique names and no empty values.
    public init(sortedUnchecked pairs: [Label]) { self.pairs = pairs }

    public init(_ dictionary: [String: String]) {
        self.init(dictionary.map { Label($0.key, $0.value) })
    }

    public static let empty = Labels(sortedUnchecked: [])

    public var isEmpty: Bool { pairs.isEmpty }
    public var count: Int { pairs.count }
    public func makeIterator() -> IndexingIterator<[Label]> { pairs.makeIterator() }

    /// The value of `name`, or nil when the set has no such label.
    public subscript(name: String) -> String? {
        var low = 0, high = pairs.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let candidate = pairs[mid].name
            if candidate == name { return pairs[mid].value }
            if candidate < name { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// The value of `name`, or "" when absent, as label matchers see it.
    public func value(of name: String) -> String { self[name] ?? "" }

    public var names: [String] { pairs.map(\.name) }

    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: pairs.map { ($0.name, $0.value) })
    }

    /// A copy with `name` set to `value` (or removed when `value` is empty).
    public func setting(_ name: String, to value: String) -> Labels {
        var copy = pairs.filter { $0.name != name }
        if !value.isEmpty { copy.append(Label(name, value)) }
        copy.sort { $0.name < $1.name }
        return Labels(sortedUnchecked: copy)
    }

    public func removing(_ names: Set<String>) -> Labels {
        Labels(sortedUnchecked: pairs.filter { !names.contains($0.name) })
    }

    /// Only the labels whose names are in `names`.
    public func keeping(_ names: Set<String>) -> Labels {
        Labels(sortedUnchecked: pairs.filter { names.contains($0.name) })
    }

    /// Prometheus's text form: `{a="1", b="2"}`.
    public var description: String {
        "{" + pairs.map { "\($0.name)=\(quoteGoString($0.value))" }.joined(separator: ", ") + "}"
    }

    /// The 64-bit FNV-1a hash over sorted names and values with 0xff separators: the fingerprint
    /// Prometheus's `model.LabelSet` and Alertmanager compute, so fingerprints match theirs.
    public var fingerprint: Fingerprint {
        var hash: UInt64 = 14_695_981_039_346_656_037
        @inline(__always) func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 1_099_511_628_211
        }
        for pair in pairs {
            for byte in pair.name.utf8 { mix(byte) }
            mix(0xff)
            for byte in pair.value.utf8 { mix(byte) }
            mix(0xff)
        }
        return Fingerprint(hash)
    }
}

extension Labels: Codable {
    /// Encodes as a JSON object, as Prometheus and Alertmanager APIs do.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        for pair in pairs { try container.encode(pair.value, forKey: AnyCodingKey(pair.name)) }
    }

    public init(from decoder: any Decoder) throws {
        let dictionary = try [String: String](from: decoder)
        self.init(dictionary)
    }
}

/// A coding key for any string, for maps with open key sets.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int?
    public init(_ string: String) { stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

/// Quotes `text` as Go's `strconv.Quote` does for printable text (used in label set output).
public func quoteGoString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7f {
                out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
