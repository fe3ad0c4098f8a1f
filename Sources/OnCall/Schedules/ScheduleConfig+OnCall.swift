import Foundation
import VigilCore

extension ScheduleConfig {
    /// Who is on call at `instant`: an override covering it, else the last-listed layer that
    /// covers it; nil when nobody is.
    public func onCall(at instant: Date) -> UserID? {
        if let override = overrides.first(where: { $0.covers(instant) }) { return override.user }
        for layer in layers.reversed() {
            if let user = layer.member(at: instant, in: timeZone) { return user }
        }
        return nil
    }

    /// The shifts of the final schedule (layers and overrides applied) that overlap `[from, to)`,
    /// in order, clipped to the window; consecutive shifts of one person from one source merge.
    public func shifts(from: Date, to: Date) -> [Shift] {
        guard from < to else { return [] }
        var cuts: Set<Date> = [from, to]
        for layer in layers { cuts.formUnion(layer.changes(from: from, to: to, in: timeZone)) }
        for override in overrides {
            for edge in [override.start, override.end] where edge > from && edge < to { cuts.insert(edge) }
        }
        let edges = cuts.sorted()
        var out: [Shift] = []
        for (start, end) in zip(edges, edges.dropFirst()) {
            guard let (user, source) = coverage(at: start) else { continue }
            if var last = out.last, last.user == user, last.source == source, last.end == start {
                last.end = end
                out[out.count - 1] = last
            } else {
                out.append(Shift(user: user, start: start, end: end, source: source))
            }
        }
        return out
    }

    private func coverage(at instant: Date) -> (UserID, Shift.Source)? {
        if let override = overrides.first(where: { $0.covers(instant) }) { return (override.user, .override) }
        for layer in layers.reversed() {
            if let user = layer.member(at: instant, in: timeZone) { return (user, .layer(layer.name)) }
        }
        return nil
    }
}
