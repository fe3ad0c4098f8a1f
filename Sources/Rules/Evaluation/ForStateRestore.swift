import VigilCore

/// Reads back `ALERTS_FOR_STATE` after a restart so that `for` keeps counting where it
/// stopped: an alert pending for 9 of its 10 minutes when Vigil stopped fires 1 minute after
/// it is back, however long it was down (within the outage tolerance).
struct ForStateRestore {
    /// The last sample of one alert's `ALERTS_FOR_STATE` series.
    struct Saved {
        /// Milliseconds: the alert's `activeAt` before the restart.
        var activeAt: Int64
        /// Milliseconds: when that sample was written, i.e. the last evaluation before going down.
        var downAt: Int64
    }

    let storage: any RuleStorage
    let now: Int64
    let outageTolerance: Int64
    let gracePeriod: Int64

    /// The saved state of rule `alertName`'s alerts, by alert labels.
    func saved(alertName: String) -> [Labels: Saved] {
        let matchers: [LabelMatcher] = [
            .equal("__name__", "ALERTS_FOR_STATE"),
            .equal("alertname", alertName),
        ]
        guard let series = try? storage.select(matchers, mint: now - outageTolerance, maxt: now - 1) else { return [:] }
        var out: [Labels: Saved] = [:]
        for entry in series {
            guard let last = entry.timestamps.last, let value = entry.values.last, !StaleMarker.isStale(value),
                  value.isFinite else { continue }
            out[entry.labels.removing(["__name__"])] = Saved(activeAt: Int64((value * 1000).rounded()), downAt: last)
        }
        return out
    }

    /// The `activeAt` a new alert of a rule with `holdDuration` takes, given its saved state.
    /// Firing before the restart: the original time. Pending: shifted by the time Vigil was
    /// down, but never closer to firing than the grace period.
    func restoredActiveAt(_ saved: Saved, holdDuration: Int64) -> Int64 {
        let spentPending = saved.downAt - saved.activeAt
        let remaining = holdDuration - spentPending
        if remaining <= 0 { return saved.activeAt }
        if remaining < gracePeriod { return now + gracePeriod - holdDuration }
        return saved.activeAt + (now - saved.downAt)
    }
}
