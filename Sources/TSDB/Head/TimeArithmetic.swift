extension Int64 {
    /// `self + other`, clamped to `Int64.min...Int64.max`: timestamps come from users and may sit
    /// at either end of the range, where range arithmetic must not trap.
    func clampedAdding(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
