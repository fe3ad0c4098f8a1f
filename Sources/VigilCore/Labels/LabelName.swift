/// Name rules of Prometheus's classic (pre-UTF-8) data model, as rule files, Alertmanager and
/// promtool 2.x check them.
public enum LabelName {
    /// `[a-zA-Z_][a-zA-Z0-9_]*`.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetterOrUnderscore(first) else { return false }
        return name.utf8.allSatisfy { isLetterOrUnderscore($0) || isDigit($0) }
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isValidMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetterOrUnderscore(first) || first == 58 else { return false }
        return name.utf8.allSatisfy { isLetterOrUnderscore($0) || isDigit($0) || $0 == 58 }
    }

    @inline(__always) private static func isLetterOrUnderscore(_ c: UInt8) -> Bool {
        c == 95 || (65...90).contains(c) || (97...122).contains(c)
    }

    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { (48...57).contains(c) }
}
