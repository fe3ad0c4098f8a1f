import Foundation
import Runbooks
import VigilConfig
import VigilCore

/// `runbooks`: where the Markdown runbooks live (docs/RUNBOOKS.md).
public struct RunbooksConfig: Sendable, Hashable, Codable {
    /// Folder of `*.md` runbooks, relative to the config file's folder; nil: no runbooks.
    public var directory: String?

    public init(directory: String? = nil) { self.directory = directory }

    enum CodingKeys: String, CodingKey, CaseIterable { case directory }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "runbooks")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        directory = try c.decodeIfPresent(String.self, forKey: .directory)
        if directory?.isEmpty == true { throw c.invalid(.directory, "directory must not be empty") }
    }

    /// The runbooks of `directory` (resolved against `baseDirectory`), or nil when none is configured.
    /// Throws every file's errors; a missing folder is an error too.
    func library(baseDirectory: String?) throws(ConfigErrors) -> RunbookLibrary? {
        guard let directory else { return nil }
        let path = directory.hasPrefix("/") ? directory : ((baseDirectory ?? ".") as NSString).appendingPathComponent(directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigErrors([ConfigError(position: nil, path: "runbooks.directory", message: "\(path): not a directory")])
        }
        return try RunbookLibrary.load(directory: path)
    }
}
