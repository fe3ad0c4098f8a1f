import VigilConfig
import VigilCore

/// `storage.ingest`: the largest request bodies the write endpoints read. A reload applies
/// new values to the next request.
///
/// ```yaml
/// storage:
///   ingest:
///     max_import_body: 8GiB          # POST /api/v1/import/prometheus, default 1GiB
///     max_remote_write_body: 64MiB   # POST /api/v1/write (compressed), default 64MiB
/// ```
public struct IngestLimits: Sendable, Hashable, Codable {
    public var maxImportBody = ByteSize.gibibytes(1)
    public var maxRemoteWriteBody = ByteSize.mebibytes(64)

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxImportBody = "max_import_body", maxRemoteWriteBody = "max_remote_write_body"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "storage.ingest")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = IngestLimits()
        maxImportBody = try c.decode(ByteSize.self, forKey: .maxImportBody, default: d.maxImportBody)
        maxRemoteWriteBody = try c.decode(ByteSize.self, forKey: .maxRemoteWriteBody, default: d.maxRemoteWriteBody)
        if maxImportBody.bytes <= 0 { throw c.invalid(.maxImportBody, "max_import_body must be positive") }
        if maxRemoteWriteBody.bytes <= 0 { throw c.invalid(.maxRemoteWriteBody, "max_remote_write_body must be positive") }
    }

    /// The limit of `POST /api/v1/import/prometheus`.
    var importBody: BodyLimit {
        BodyLimit(bytes: maxImportBody.bytes, setting: "storage.ingest.max_import_body or --max-import-body")
    }

    /// The limit of `POST /api/v1/write`, on the compressed body.
    var remoteWriteBody: BodyLimit {
        BodyLimit(bytes: maxRemoteWriteBody.bytes, setting: "storage.ingest.max_remote_write_body or --max-remote-write-body")
    }
}
