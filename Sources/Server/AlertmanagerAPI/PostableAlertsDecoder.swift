/// Reads the body of `POST /api/v2/alerts` (a JSON array of `postableAlert`) without
/// Foundation's `JSONDecoder`. Unknown keys are skipped, as Alertmanager's decoder does.
/// Errors name the place: `[3].labels.severity: expected ... to be a string`.
enum PostableAlertsDecoder {
    static func decode(_ body: UnsafeBufferPointer<UInt8>) throws(JSONScanner.Failure) -> [PostableAlert] {
        var scanner = JSONScanner(body)
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw scanner.fail("body: expected a JSON array of alerts")
        }
        scanner.index += 1
        var alerts: [PostableAlert] = []
        if !scanner.consume(UInt8(ascii: "]")) {
            repeat {
                alerts.append(try alert(&scanner, at: alerts.count))
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "]"), "',' or ']' after alert \(alerts.count - 1)")
        }
        if scanner.peek() != nil { throw scanner.fail("body: unexpected data after the alerts") }
        return alerts
    }

    private static func alert(_ s: inout JSONScanner, at position: Int) throws(JSONScanner.Failure) -> PostableAlert {
        let path = "[\(position)]"
        try s.expect(UInt8(ascii: "{"), "an object at \(path)")
        var labels: [String: String]?
        var annotations: [String: String]?
        var startsAt: String?, endsAt: String?, generatorURL: String?
        if !s.consume(UInt8(ascii: "}")) {
            repeat {
                let key = try s.string("object key")
                try s.expect(UInt8(ascii: ":"), "':'")
                switch key {
                case "labels": labels = try map(&s, "\(path).labels")
                case "annotations": annotations = s.consumeNull() ? nil : try map(&s, "\(path).annotations")
                case "startsAt": startsAt = s.consumeNull() ? nil : try s.string("\(path).startsAt")
                case "endsAt": endsAt = s.consumeNull() ? nil : try s.string("\(path).endsAt")
                case "generatorURL": generatorURL = s.consumeNull() ? nil : try s.string("\(path).generatorURL")
                default: try s.skipValue()
                }
            } while s.consume(UInt8(ascii: ","))
            try s.expect(UInt8(ascii: "}"), "',' or '}' in \(path)")
        }
        guard let labels else { throw JSONScanner.Failure(offset: s.index, message: "\(path).labels: required field missing") }
        return PostableAlert(labels: labels, annotations: annotations, startsAt: startsAt, endsAt: endsAt, generatorURL: generatorURL)
    }

    private static func map(_ s: inout JSONScanner, _ path: String) throws(JSONScanner.Failure) -> [String: String] {
        try s.expect(UInt8(ascii: "{"), "an object at \(path)")
        var out: [String: String] = [:]
        if s.consume(UInt8(ascii: "}")) { return out }
        repeat {
            let key = try s.string("\(path) key")
            try s.expect(UInt8(ascii: ":"), "':'")
            out[key] = try s.string("\(path).\(key)")
        } while s.consume(UInt8(ascii: ","))
        try s.expect(UInt8(ascii: "}"), "',' or '}' in \(path)")
        return out
    }
}
