import Foundation
import Hummingbird
import NIOCore
import PromQL
import VigilCore

/// Prometheus's HTTP API envelope: `{"status":"success","data":...,"warnings":[...]}` or
/// `{"status":"error","errorType":"bad_data","error":"..."}`, written by hand so values and
/// timestamps print exactly as Prometheus prints them.
enum PrometheusResponse {
    enum ErrorType: String {
        case badData = "bad_data", execution, timeout, canceled, `internal`, unavailable

        var status: HTTPResponse.Status {
            switch self {
            case .badData: .badRequest
            case .execution: .unprocessableContent
            case .timeout: .serviceUnavailable
            case .canceled: .serviceUnavailable
            case .internal: .internalServerError
            case .unavailable: .serviceUnavailable
            }
        }
    }

    struct Failure: Error, HTTPResponseError {
        var type: ErrorType
        var message: String
        var status: HTTPResponse.Status { type.status }

        func response(from request: Request, context: some RequestContext) throws -> Response {
            var out = #"{"status":"error","errorType":"\#(type.rawValue)","error":"#
            PrometheusResponse.appendJSONString(message, to: &out)
            out += "}"
            return PrometheusResponse.response(out, status: status)
        }
    }

    static func badData(_ message: String) -> Failure { Failure(type: .badData, message: message) }

    static func success(data: String, warnings: [String] = []) -> Response {
        var out = #"{"status":"success","data":"# + data
        if !warnings.isEmpty {
            out += #","warnings":["#
            for (index, warning) in warnings.enumerated() {
                if index > 0 { out += "," }
                appendJSONString(warning, to: &out)
            }
            out += "]"
        }
        return response(out + "}", status: .ok)
    }

    static func response(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The data of a query result: `{"resultType":"vector","result":[...]}`. Instant results
    /// carry the evaluation time `at` (ms), as Prometheus stamps them.
    static func data(_ result: QueryResult, at time: Int64) -> String {
        var out = ""
        switch result {
        case .scalar(let value):
            out = #"{"resultType":"scalar","result":"#
            return out + "[\(timestamp(time)),\"\(format(value))\"]}"
        case .string(let text):
            out = #"{"resultType":"string","result":[\#(timestamp(time)),"#
            appendJSONString(text, to: &out)
            return out + "]}"
        case .vector(let samples):
            out = #"{"resultType":"vector","result":["#
            for (index, sample) in samples.enumerated() {
                if index > 0 { out += "," }
                out += #"{"metric":"#
                appendLabels(sample.metric, to: &out)
                out += #","value":["# + timestamp(time) + ",\"" + format(sample.value) + "\"]}"
            }
        case .matrix(let series):
            out = #"{"resultType":"matrix","result":["#
            for (index, one) in series.enumerated() {
                if index > 0 { out += "," }
                out += #"{"metric":"#
                appendLabels(one.metric, to: &out)
                out += #","values":["#
                out.reserveCapacity(out.utf8.count + one.timestamps.count * 24)
                var first = true
                for (t, v) in zip(one.timestamps, one.values) {
                    out.append(first ? "[" : ",[")
                    first = false
                    out.append(timestamp(t))
                    out.append(",\"")
                    out.append(format(v))
                    out.append("\"]")
                }
                out += "]}"
            }
        }
        return out + "]}"
    }

    static func appendLabels(_ labels: Labels, to out: inout String) {
        out += "{"
        for (index, label) in labels.pairs.enumerated() {
            if index > 0 { out += "," }
            appendJSONString(label.name, to: &out)
            out += ":"
            appendJSONString(label.value, to: &out)
        }
        out += "}"
    }

    /// Unix seconds with millisecond precision, as Prometheus marshals them (`1700000000.123`).
    static func timestamp(_ ms: Int64) -> String {
        let seconds = ms / 1000, rest = ms % 1000
        if rest == 0 { return String(seconds) }
        if ms < 0 { return String(format: "%.3f", Double(ms) / 1000) }
        var fraction = String(rest).leftPad(3)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(seconds).\(fraction)"
    }

    /// A sample value as Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest digits, never
    /// an exponent; `NaN`, `+Inf`, `-Inf`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let text = value.description
        // Swift prints the shortest round-trip digits, as Go does; only the exponent form and a
        // trailing ".0" differ. Checked on the UTF-8 bytes: Character indexing is slow.
        let bytes = text.utf8
        if !bytes.contains(UInt8(ascii: "e")) {
            if bytes.count > 2, bytes.last == UInt8(ascii: "0"), bytes[bytes.index(bytes.endIndex, offsetBy: -2)] == UInt8(ascii: ".") {
                return String(Substring(bytes.dropLast(2)))
            }
            return text
        }
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        var mantissa = String(text[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let digits = integer + fraction
        let point = integer.count + exponent
        var plain: String
        if point <= 0 {
            plain = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            plain = digits + String(repeating: "0", count: point - digits.count)
        } else {
            plain = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        if plain.contains(".") {
            while plain.hasSuffix("0") { plain.removeLast() }
            if plain.hasSuffix(".") { plain.removeLast() }
        }
        return negative ? "-" + plain : plain
    }

    static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar == "<" || scalar == ">" || scalar == "&" || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u" + String(scalar.value, radix: 16).leftPad(4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
