import Foundation
import VigilConfig
import VigilCore

/// Every runbook of a directory, indexed by the alerts they serve and by name.
///
/// ```swift
/// let library = try RunbookLibrary.load(directory: "examples/runbooks")
/// library.runbook(for: "DiskSpaceLow")?.file   // "examples/runbooks/001/DiskSpaceLow.md"
/// library.runbook(named: "DiskSpaceLow")
/// ```
public struct RunbookLibrary: Sendable {
    /// All runbooks, sorted by file path.
    public let runbooks: [Runbook]
    private let byAlert: [String: Int]
    private let byName: [String: Int]

    /// Indexes `runbooks`; two runbooks claiming one alert, or sharing a name, are errors that
    /// name both files, reported at the later one (in the order given).
    public init(_ runbooks: [Runbook]) throws(ConfigErrors) {
        var errors: [ConfigError] = []
        var byAlert: [String: Int] = [:]
        var byName: [String: Int] = [:]
        for (index, runbook) in runbooks.enumerated() {
            if let earlier = byName[runbook.name] {
                errors.append(ConfigError(
                    position: SourcePosition(file: runbook.file, line: 1, column: 1),
                    message: "runbook name \"\(runbook.name)\" is already used by \(runbooks[earlier].file)"))
            } else {
                byName[runbook.name] = index
            }
            for (alertIndex, alert) in runbook.frontMatter.alerts.enumerated() {
                if let earlier = byAlert[alert] {
                    let position = alertIndex < runbook.frontMatter.alertPositions.count
                        ? runbook.frontMatter.alertPositions[alertIndex] : SourcePosition(file: runbook.file, line: 1, column: 1)
                    errors.append(ConfigError(
                        position: position,
                        message: "alert \"\(alert)\" is already served by runbook \(runbooks[earlier].file)"))
                } else {
                    byAlert[alert] = index
                }
            }
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        self.runbooks = runbooks
        self.byAlert = byAlert
        self.byName = byName
    }

    /// Parses every `*.md` file under `directory`, recursively, except `README.md` files.
    /// Files are read in path order; errors of all files are collected before throwing.
    ///
    /// - Parameter directory: paths in errors and ``Runbook/file`` start with it as given.
    public static func load(directory: String) throws(ConfigErrors) -> RunbookLibrary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigErrors([ConfigError(position: nil, message: "runbook directory \(directory) does not exist")])
        }
        let root = URL(filePath: directory, directoryHint: .isDirectory)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw ConfigErrors([ConfigError(position: nil, message: "runbook directory \(directory) cannot be read")])
        }
        var relativePaths: [String] = []
        let rootPath = root.standardizedFileURL.path(percentEncoded: false)
        for case let url as URL in enumerator where url.pathExtension == "md" && url.lastPathComponent != "README.md" {
            let path = url.standardizedFileURL.path(percentEncoded: false)
            guard path.hasPrefix(rootPath) else { continue }
            relativePaths.append(String(path.dropFirst(rootPath.count).drop { $0 == "/" }))
        }
        var runbooks: [Runbook] = []
        var errors: [ConfigError] = []
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for relative in relativePaths.sorted() {
            let file = prefix + relative
            do {
                let text = try String(contentsOf: root.appending(path: relative), encoding: .utf8)
                runbooks.append(try Runbook(parsing: text, file: file))
            } catch let error as ConfigErrors {
                errors += error.errors
            } catch {
                errors.append(ConfigError(position: SourcePosition(file: file, line: 1, column: 1), message: "cannot read runbook: \(error)"))
            }
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return try RunbookLibrary(runbooks)
    }

    /// The runbook whose front matter lists `alertname`.
    public func runbook(for alertname: String) -> Runbook? { byAlert[alertname].map { runbooks[$0] } }

    /// The runbook whose file stem is `name`.
    public func runbook(named name: String) -> Runbook? { byName[name].map { runbooks[$0] } }

    /// Every alert name some runbook serves, sorted.
    public var alertNames: [String] { byAlert.keys.sorted() }
}
