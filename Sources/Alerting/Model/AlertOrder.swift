import VigilCore

extension Alert {
    /// The order of alerts in a notification, as Alertmanager's `AlertSlice`: by `job`, then
    /// `instance` (an alert lacking one sorts after those having it), then by label set.
    public static func notificationOrder(_ a: Alert, _ b: Alert) -> Bool {
        for key in ["job", "instance"] {
            let x = a.labels[key], y = b.labels[key]
            switch (x, y) {
            case (nil, nil): continue
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?): if x != y { return x < y }
            }
        }
        return a.labels.isBefore(b.labels)
    }
}

extension Labels {
    /// Prometheus's `LabelSet.Before`: fewer labels first, then the first differing value over
    /// the union of names in order, a missing label sorting first.
    public func isBefore(_ other: Labels) -> Bool {
        if count != other.count { return count < other.count }
        let names = (self.names + other.names).sorted()
        for name in names {
            guard let mine = self[name] else { return true }
            guard let theirs = other[name] else { return false }
            if mine != theirs { return mine < theirs }
        }
        return false
    }
}
