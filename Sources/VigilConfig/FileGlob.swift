import Foundation

/// Config keys that list files by shell glob (`templates`, `rule_files`).
public enum FileGlob {
    /// Files matched by `globs` (`*`, `?`, `[...]` in the last path component), each glob's
    /// matches sorted; relative globs are taken from `baseDirectory` (the config file's folder).
    /// A glob without wildcards names its file whether or not it exists, so reading it reports
    /// the missing file.
    public static func expand(_ globs: [String], baseDirectory: String?) -> [String] {
        var files: [String] = []
        for glob in globs {
            let full = glob.hasPrefix("/") ? glob : ((baseDirectory ?? ".") as NSString).appendingPathComponent(glob)
            let directory = (full as NSString).deletingLastPathComponent
            let pattern = (full as NSString).lastPathComponent
            guard pattern.contains(where: { "*?[".contains($0) }) else {
                files.append(full)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            files += names.filter { fnmatch(pattern, $0, 0) == 0 }.sorted().map { (directory as NSString).appendingPathComponent($0) }
        }
        return files
    }
}
