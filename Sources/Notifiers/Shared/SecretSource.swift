import Alerting
import Foundation
import VigilCore

/// Where a credential comes from: the config itself or a `*_file` read at send time, so a
/// rotated file takes effect without a reload (as Alertmanager reads `api_url_file`).
enum SecretSource: Sendable, Hashable {
    case inline(Secret)
    case file(String)

    /// `inline` when `secret` is set, else `file` when `path` is set, else nil.
    init?(_ secret: Secret?, file path: String?) {
        if let secret {
            self = .inline(secret)
        } else if let path, !path.isEmpty {
            self = .file(path)
        } else {
            return nil
        }
    }

    /// The credential; `trimmed` drops surrounding whitespace (a URL or key file's newline).
    /// A file that cannot be read is not retryable: the operator must fix it.
    func read(field: String, integration: IntegrationID, trimmed: Bool = true) throws(NotifyError) -> String {
        switch self {
        case .inline(let secret):
            return secret.value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw NotifyError(retryable: false, message: "\(integration): could not read \(field) file \(quoteGoString(path))")
            }
            return trimmed ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
        }
    }
}

/// Removes every occurrence of `secrets` (and, for URLs, their path and query) from `text`, so a
/// peer's or library's error text never carries a credential into a `NotifyError` or a log.
func redacting(_ text: String, secrets: [String]) -> String {
    var out = text
    var needles: [String] = []
    for secret in secrets where !secret.isEmpty {
        needles.append(secret)
        if let components = URLComponents(string: secret), components.host != nil {
            if components.percentEncodedPath.count > 1 { needles.append(components.percentEncodedPath) }
            if let query = components.percentEncodedQuery, !query.isEmpty { needles.append(query) }
            if let password = components.password, !password.isEmpty { needles.append(password) }
        }
    }
    for needle in needles.sorted(by: { $0.count > $1.count }) where needle.count >= 2 {
        out = out.replacingOccurrences(of: needle, with: "<redacted>")
    }
    return out
}
