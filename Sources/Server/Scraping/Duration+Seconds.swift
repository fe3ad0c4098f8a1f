extension Duration {
    /// The duration in seconds, fractions included (`scrape_duration_seconds`, `probe_duration_seconds`).
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
