extension Labels {
    /// Prometheus's label-set order (`labels.Compare`): label by label, by name then value; a
    /// set that is a prefix of the other sorts first. Storage returns series in this order and
    /// range-query results are sorted by it.
    public static func precedes(_ a: Labels, _ b: Labels) -> Bool {
        let x = a.pairs, y = b.pairs
        for i in 0..<Swift.min(x.count, y.count) {
            if x[i].name != y[i].name { return x[i].name < y[i].name }
            if x[i].value != y[i].value { return x[i].value < y[i].value }
        }
        return x.count < y.count
    }
}
