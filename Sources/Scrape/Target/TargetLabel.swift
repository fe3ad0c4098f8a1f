/// Names of the reserved labels of target relabeling, as Prometheus's `model` package defines them.
public enum TargetLabel {
    public static let address = "__address__"
    public static let scheme = "__scheme__"
    public static let metricsPath = "__metrics_path__"
    public static let scrapeInterval = "__scrape_interval__"
    public static let scrapeTimeout = "__scrape_timeout__"
    /// `__param_<name>`: the first value of query parameter `name`.
    public static let paramPrefix = "__param_"
    /// `__meta_*`: discovery metadata, removed after relabeling.
    public static let metaPrefix = "__meta_"
    /// Names starting with this are never stored with series.
    public static let reservedPrefix = "__"
    public static let job = "job"
    public static let instance = "instance"
}
