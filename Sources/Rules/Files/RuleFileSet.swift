import PromQL
import VigilConfig

/// The rule files a config lists, loaded together: every file's errors are collected, so a
/// reload reports all problems at once and applies nothing when any file is invalid.
public enum RuleFileSet {
    /// The groups of every file matched by `globs`, in file order. Group names must be unique
    /// per file, not across files (a group is identified by file and name).
    public static func load(globs: [String], baseDirectory: String?, compatibility: PromQLCompatibility) throws(ConfigErrors)
        -> [RuleGroupDefinition] {
        var groups: [RuleGroupDefinition] = []
        var errors: [ConfigError] = []
        for path in FileGlob.expand(globs, baseDirectory: baseDirectory) {
            do throws(ConfigErrors) {
                groups += try RuleFile.load(path: path, compatibility: compatibility).groups
            } catch {
                errors += error.errors
            }
        }
        if !errors.isEmpty { throw ConfigErrors(errors) }
        return groups
    }
}
