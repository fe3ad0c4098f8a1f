import VigilCore

/// `parseDuration` on VigilCore's Prometheus duration parser.
enum PromDurationBridge {
    static func seconds(_ text: String) throws(PromDurationError) -> Double {
        try PromDuration(parsing: text).seconds
    }
}
