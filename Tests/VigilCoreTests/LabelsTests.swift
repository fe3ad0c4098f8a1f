import Testing
import VigilCore

@Suite struct LabelsTests {
    @Test func sortsAndDropsEmptyValues() {
        let labels = Labels([Label("b", "2"), Label("a", "1"), Label("c", "")])
        #expect(labels.names == ["a", "b"])
        #expect(labels["a"] == "1")
        #expect(labels["c"] == nil)
        #expect(labels.description == #"{a="1", b="2"}"#)
    }

    @Test("fingerprints match Alertmanager's", arguments: [
        // Values computed with Prometheus's model.LabelSet.Fingerprint (FNV-1a 64).
        ([String: String](), "cbf29ce484222325"),
        (["alertname": "TestAlert"], "dab43189276e5f48"),
    ])
    func fingerprint(labels: [String: String], hex: String) {
        #expect(Labels(labels).fingerprint.description == hex)
    }

    @Test func fingerprintIgnoresOrder() {
        #expect(Labels(["a": "1", "b": "2"]).fingerprint == Labels([Label("b", "2"), Label("a", "1")]).fingerprint)
    }
}
