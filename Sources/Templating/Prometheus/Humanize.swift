/// Prometheus's `humanize*` number formatting (`template/template.go`, v2.42): four significant
/// digits (`%.4g`) with SI or binary prefixes.
public enum Humanize {
    private static func g4(_ value: Double) -> String {
        GoPrintf.format("%.4g", [.float(value)])
    }

    /// `humanize`: 1234567 → `1.235M`, 0.00012 → `120u`.
    public static func number(_ value: Double) -> String {
        if value == 0 || value.isNaN || value.isInfinite { return g4(value) }
        var scaled = value
        var prefix = ""
        if abs(scaled) >= 1 {
            for candidate in ["k", "M", "G", "T", "P", "E", "Z", "Y"] where abs(scaled) >= 1000 {
                prefix = candidate
                scaled /= 1000
            }
            return g4(scaled) + prefix
        }
        for candidate in ["m", "u", "n", "p", "f", "a", "z", "y"] where abs(scaled) < 1 {
            prefix = candidate
            scaled *= 1000
        }
        return g4(scaled) + prefix
    }

    /// `humanize1024`: 1048576 → `1Mi`.
    public static func binary(_ value: Double) -> String {
        if abs(value) <= 1 || value.isNaN || value.isInfinite { return g4(value) }
        var scaled = value
        var prefix = ""
        for candidate in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] where abs(scaled) >= 1024 {
            prefix = candidate
            scaled /= 1024
        }
        return g4(scaled) + prefix
    }

    /// `humanizeDuration` (seconds): 90 → `1m 30s`, 0.25 → `250ms`.
    public static func duration(_ seconds: Double) -> String {
        if seconds.isNaN || seconds.isInfinite { return g4(seconds) }
        if seconds == 0 { return g4(seconds) + "s" }
        if abs(seconds) >= 1 {
            let sign = seconds < 0 ? "-" : ""
            let magnitude = abs(seconds)
            let whole = Int64(magnitude)
            let (days, hours, minutes, secs) = (whole / 86400, whole / 3600 % 24, whole / 60 % 60, whole % 60)
            if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(secs)s" }
            if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(secs)s" }
            if minutes != 0 { return "\(sign)\(minutes)m \(secs)s" }
            return sign + g4(magnitude) + "s"
        }
        var scaled = seconds
        var prefix = ""
        for candidate in ["m", "u", "n", "p", "f", "a", "z", "y"] where abs(scaled) < 1 {
            prefix = candidate
            scaled *= 1000
        }
        return g4(scaled) + prefix + "s"
    }

    /// `humanizePercentage`: 0.1234 → `12.34%`.
    public static func percentage(_ ratio: Double) -> String {
        g4(ratio * 100) + "%"
    }
}
