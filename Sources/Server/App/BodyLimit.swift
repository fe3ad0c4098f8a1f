import Hummingbird
import VigilCore

/// The most bytes an endpoint reads from a request body, and how a refusal (413) reads: the
/// limit in bytes and binary units, and the setting that raises it.
struct BodyLimit: Sendable, Hashable {
    var bytes: Int
    /// The config key or flag that raises the limit, named in the refusal; nil when none does.
    var setting: String?

    init(bytes: Int, setting: String? = nil) {
        self.bytes = bytes
        self.setting = setting
    }

    /// The refusal of a request whose `Content-Length` is over the limit, before its body is
    /// read; nil when it declares no length or fits.
    func refusal(declaredBy request: Request) -> String? {
        guard let length = request.headers[.contentLength].flatMap({ Int($0) }), length > bytes else { return nil }
        return "request body of \(length) bytes exceeds the limit of \(limitText)"
    }

    /// The refusal of a body found over the limit while it is read.
    var streamedRefusal: String { "request body exceeds the limit of \(limitText)" }

    private var limitText: String {
        let size = ByteSize(bytes: bytes)
        let units = size.description == "\(bytes)B" ? "" : " (\(size))"
        return "\(bytes) bytes\(units)" + (setting.map { "; raise it with \($0)" } ?? "")
    }
}
