import Testing
@testable import Server

/// Sample values print as Go's `strconv.FormatFloat(v, 'f', -1, 64)`, as Prometheus's API does.
struct PrometheusResponseTests {
    @Test(arguments: [
        (1.0, "1"), (1.5, "1.5"), (-2.0, "-2"), (0.1, "0.1"), (123_456_789.125, "123456789.125"),
        (1e21, "1000000000000000000000"), (1e16, "10000000000000000"), (1.5e-7, "0.00000015"), (-2.5e-5, "-0.000025"),
        (0.0, "0"), (-0.0, "-0"), (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"),
        (9_007_199_254_740_993.0, "9007199254740992"), (100.0, "100"), (10.25, "10.25"), (5e-324, "0." + String(repeating: "0", count: 323) + "5"),
    ])
    func valuesPrintAsGoDoes(_ value: Double, _ expected: String) {
        #expect(PrometheusResponse.format(value) == expected)
    }
}
