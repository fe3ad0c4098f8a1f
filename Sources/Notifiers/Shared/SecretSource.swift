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
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                throw NotifyError(
                    retryable: false, message: "\(integration): could not read \(field) file \(quoteGoString(path))")
            }
            return trimmed ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
        }
    }
}

/// Removes every occurrence of `secrets` (and, for URLs, their path segments and query values)
/// from `text`: a peer's reply or a library's error, never our own words, so that neither carries
/// a credential into a `NotifyError` or a log.
func redacting(_ text: String, secrets: [String]) -> String {
    var out = text
    var needles: [String] = []
    for secret in secrets where !secret.isEmpty {
        needles.append(secret)
        // A URL's token may be any path segment or query value (Slack's `/services/T…/B…/<token>`),
        // and a peer may quote it escaped (`\/`), so each part long enough to be a token goes too.
        if let components = URLComponents(string: secret), components.host != nil {
            needles.append(components.percentEncodedPath)
            needles += components.percentEncodedPath.split(separator: "/").map(String.init)
            needles += (components.queryItems ?? []).flatMap { [$0.name + "=" + ($0.value ?? ""), $0.value ?? ""] }
            needles += [components.percentEncodedQuery, components.user, components.password].compactMap { $0 }
        }
    }
    for needle in needles.sorted(by: { $0.count > $1.count }) where needle.count >= 6 {
        out = out.replacingOccurrences(of: needle, with: "<redacted>")
    }
    return out
}
