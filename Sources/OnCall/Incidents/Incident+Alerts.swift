import Foundation
import VigilCore

extension Incident {
    /// An alert fired into this incident (the first one, or one joining by group key). A
    /// known fingerprint firing again is marked firing again. Throws `closed` once resolved.
    public mutating func alertFired(fingerprint: String, labels: Labels, at instant: Date) throws(IncidentError) {
        guard status != .resolved else { throw .closed(id) }
        if let index = alerts.firstIndex(where: { $0.fingerprint == fingerprint }) {
            var alert = alerts[index]
            guard !alert.isFiring else { return }
            alert.resolvedAt = nil
            updateAlert(index, alert)
        } else {
            appendAlert(RelatedAlert(fingerprint: fingerprint, labels: labels, firedAt: instant))
        }
        record(.alertFired(fingerprint: fingerprint, alertname: labels.value(of: "alertname")), at: instant, by: .system("alerts"))
    }

    /// An alert of this incident resolved. With `autoResolve`, the incident resolves when no
    /// related alert is firing any more (follow-ups from `followUpRules` are created then).
    /// Unknown fingerprints and alerts of resolved incidents are ignored.
    public mutating func alertResolved(fingerprint: String, at instant: Date, followUpRules: [FollowUpRule] = []) {
        guard status != .resolved, let index = alerts.firstIndex(where: { $0.fingerprint == fingerprint }),
              alerts[index].isFiring else { return }
        var alert = alerts[index]
        alert.resolvedAt = instant
        updateAlert(index, alert)
        record(.alertResolved(fingerprint: fingerprint, alertname: alert.alertname), at: instant, by: .system("alerts"))
        if autoResolve, !alerts.contains(where: \.isFiring) {
            // Valid from every status but resolved, which was ruled out above.
            applyMove(to: .resolved, by: .system("auto_resolve"), at: instant, followUpRules: followUpRules)
        }
    }
}
