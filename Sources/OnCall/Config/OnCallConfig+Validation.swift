import Foundation
import VigilConfig
import VigilCore

extension OnCallConfig {
    /// Cross-reference checks, run once everything decoded. Each problem names the offending value.
    func validate(root: [any CodingKey], receivers: Set<String>?, into problems: inout SemanticErrors) {
        if let receivers { checkReceivers(receivers, root: root, into: &problems) }
        func at(_ section: CodingKeys, _ index: Int, _ rest: any CodingKey...) -> [any CodingKey] {
            root + [section, AnyCodingKey.index(index)] + rest
        }
        func key(_ name: String) -> AnyCodingKey { AnyCodingKey(name) }

        var userIDs: Set<UserID> = []
        for (i, user) in users.enumerated() where !userIDs.insert(user.id).inserted {
            problems.add(at(.users, i, key("id")), "user \(quoteGoString(user.id.rawValue)) is defined more than once")
        }
        var scheduleNames: Set<String> = []
        for (i, schedule) in schedules.enumerated() {
            if !scheduleNames.insert(schedule.name).inserted {
                problems.add(at(.schedules, i, key("name")), "schedule \(quoteGoString(schedule.name)) is defined more than once")
            }
            checkSchedule(schedule, path: at(.schedules, i), users: userIDs, into: &problems)
        }
        var severities: [String: Severity] = [:]
        for (i, policy) in severityPolicies.enumerated() {
            if let other = severities[policy.severity.rawValue.lowercased()] {
                problems.add(at(.severityPolicies, i, key("severity")),
                             "severity \(quoteGoString(policy.severity.rawValue)) is defined more than once (as \(quoteGoString(other.rawValue)))")
            }
            severities[policy.severity.rawValue.lowercased()] = policy.severity
        }
        let known = Set(severities.values)
        var policyNames: Set<String> = []
        for (i, policy) in escalationPolicies.enumerated() {
            if !policyNames.insert(policy.name).inserted {
                problems.add(at(.escalationPolicies, i, key("name")), "escalation policy \(quoteGoString(policy.name)) is defined more than once")
            }
            for (l, level) in policy.levels.enumerated() {
                let levelPath = at(.escalationPolicies, i, key("levels"), AnyCodingKey.index(l))
                let place = "in escalation policy \(quoteGoString(policy.name)) level \(l + 1)"
                for (u, user) in level.targets.users.enumerated() where !userIDs.contains(user) {
                    problems.add(levelPath + [key("users"), AnyCodingKey.index(u)], "undefined user \(quoteGoString(user.rawValue)) \(place)")
                }
                for (s, name) in level.targets.schedules.enumerated() where !scheduleNames.contains(name) {
                    problems.add(levelPath + [key("schedules"), AnyCodingKey.index(s)], "undefined schedule \(quoteGoString(name)) \(place)")
                }
                for (s, severity) in level.severities.enumerated() where !known.contains(severity) {
                    problems.add(levelPath + [key("severities"), AnyCodingKey.index(s)], "undefined severity \(quoteGoString(severity.rawValue)) \(place)")
                }
                if level.targets.everyone, users.isEmpty {
                    problems.add(levelPath + [key("everyone")], "everyone \(place) names nobody: no users are defined")
                }
            }
        }
        for (i, policy) in severityPolicies.enumerated() {
            if let name = policy.escalationPolicy, !policyNames.contains(name) {
                problems.add(at(.severityPolicies, i, key("escalation_policy")),
                             "undefined escalation policy \(quoteGoString(name)) in severity policy \(quoteGoString(policy.severity.rawValue))")
            }
        }
        var actionNames: Set<String> = []
        for (i, action) in actions.enumerated() {
            if !actionNames.insert(action.name).inserted {
                problems.add(at(.actions, i, key("name")), "action \(quoteGoString(action.name)) is defined more than once")
            }
            for (r, rule) in action.incidentRules.enumerated() where !incidentRules.contains(where: { $0.name == rule }) {
                problems.add(at(.actions, i, key("incident_rules"), AnyCodingKey.index(r)),
                             "undefined incident rule \(quoteGoString(rule)) in action \(quoteGoString(action.name))")
            }
        }
        var ruleNames: Set<String> = []
        for (i, rule) in incidentRules.enumerated() {
            if !ruleNames.insert(rule.name).inserted {
                problems.add(at(.incidentRules, i, key("name")), "incident rule \(quoteGoString(rule.name)) is defined more than once")
            }
            if let severity = rule.severity, !known.contains(severity) {
                problems.add(at(.incidentRules, i, key("severity")), "undefined severity \(quoteGoString(severity.rawValue)) in incident rule \(quoteGoString(rule.name))")
            }
            if let name = rule.escalationPolicy, !policyNames.contains(name) {
                problems.add(at(.incidentRules, i, key("escalation_policy")),
                             "undefined escalation policy \(quoteGoString(name)) in incident rule \(quoteGoString(rule.name))")
            }
        }
        for (i, rule) in followUps.enumerated() {
            for (s, severity) in rule.severities.enumerated() where !known.contains(severity) {
                problems.add(at(.followUps, i, key("severities"), AnyCodingKey.index(s)), "undefined severity \(quoteGoString(severity.rawValue)) in follow-up")
            }
        }
        if rootCauseCategories.isEmpty {
            problems.add(root + [CodingKeys.rootCauseCategories], "root_cause_categories must name at least one category")
        }
        var categories: Set<RootCauseCategory> = []
        for (i, category) in rootCauseCategories.enumerated() where !categories.insert(category).inserted {
            problems.add(at(.rootCauseCategories, i), "root cause category \(quoteGoString(category.rawValue)) is listed more than once")
        }
    }

    private func checkSchedule(_ schedule: ScheduleConfig, path: [any CodingKey], users: Set<UserID>, into problems: inout SemanticErrors) {
        let name = quoteGoString(schedule.name)
        if schedule.layers.isEmpty {
            problems.add(path + [AnyCodingKey("name")], "schedule \(name) has no layers")
        }
        for (l, layer) in schedule.layers.enumerated() {
            let layerPath = path + [AnyCodingKey("layers"), AnyCodingKey.index(l)]
            if layer.members.isEmpty {
                problems.add(layerPath + [AnyCodingKey("rotation")], "rotation \(quoteGoString(layer.name)) in schedule \(name) has no members")
            }
            for (m, member) in layer.members.enumerated() where !users.contains(member) {
                problems.add(layerPath + [AnyCodingKey("members"), AnyCodingKey.index(m)],
                             "undefined user \(quoteGoString(member.rawValue)) in schedule \(name) layer \(quoteGoString(layer.name))")
            }
            if let end = layer.end, end.instant(in: schedule.timeZone) <= layer.start.instant(in: schedule.timeZone) {
                problems.add(layerPath + [AnyCodingKey("end")], "layer \(quoteGoString(layer.name)) ends before its first hand-off \(layer.start)")
            }
        }
        for (o, override) in schedule.overrides.enumerated() {
            let overridePath = path + [AnyCodingKey("overrides"), AnyCodingKey.index(o)]
            if !users.contains(override.user) {
                problems.add(overridePath + [AnyCodingKey("user")], "undefined user \(quoteGoString(override.user.rawValue)) in schedule \(name) override")
            }
            if override.end <= override.start {
                problems.add(overridePath + [AnyCodingKey("end")], "override ends before it starts")
            }
            if let earlier = schedule.overrides[..<o].firstIndex(where: { $0.overlaps(override) }) {
                let other = schedule.overrides[earlier]
                problems.add(overridePath + [AnyCodingKey("start")],
                             "override overlaps override \(earlier + 1) (\(LocalDateTime(other.start, in: schedule.timeZone)) to \(LocalDateTime(other.end, in: schedule.timeZone))) in schedule \(name)")
            }
        }
    }
}

extension OnCallConfig {
    /// Receiver references (level `receivers`, severity `notify`, user `receiver`) that are not
    /// in `receivers`, each at its place under `root` (the path of the `oncall` section).
    public func checkReceivers(_ receivers: Set<String>, root: [any CodingKey], into problems: inout SemanticErrors) {
        for (i, policy) in escalationPolicies.enumerated() {
            for (l, level) in policy.levels.enumerated() {
                let place = "in escalation policy \(quoteGoString(policy.name)) level \(l + 1)"
                for (r, name) in level.targets.receivers.enumerated() where !receivers.contains(name) {
                    problems.add(root + [CodingKeys.escalationPolicies, AnyCodingKey.index(i), AnyCodingKey("levels"), AnyCodingKey.index(l),
                                         AnyCodingKey("receivers"), AnyCodingKey.index(r)],
                                 "undefined receiver \(quoteGoString(name)) \(place)")
                }
            }
        }
        for (i, policy) in severityPolicies.enumerated() {
            for (r, name) in policy.notify.enumerated() where !receivers.contains(name) {
                problems.add(root + [CodingKeys.severityPolicies, AnyCodingKey.index(i), AnyCodingKey("notify"), AnyCodingKey.index(r)],
                             "undefined receiver \(quoteGoString(name)) in severity policy \(quoteGoString(policy.severity.rawValue))")
            }
        }
        if let name = pagingReceiver, !receivers.contains(name) {
            problems.add(root + [CodingKeys.pagingReceiver], "undefined receiver \(quoteGoString(name)) as paging_receiver")
        }
        for (i, user) in users.enumerated() {
            if let name = user.receiver, !receivers.contains(name) {
                problems.add(root + [CodingKeys.users, AnyCodingKey.index(i), AnyCodingKey("receiver")],
                             "undefined receiver \(quoteGoString(name)) for user \(quoteGoString(user.id.rawValue))")
            }
        }
    }
}
