import Foundation
import OnCall
import Testing
import VigilConfig
import VigilCore

/// Bad `oncall:` sections give errors naming the file, line, column and key path.
@Suite struct ConfigTests {
    static let base = """
        oncall:
          users:
            - {id: alice}
            - {id: bob}
          schedules:
            - name: primary
              time_zone: Europe/Berlin
              layers:
                - {name: weekly, rotation: weekly, start: 2026-01-05, members: [alice, bob]}

        """

    @Test("rejects bad on-call configs with positions", arguments: [
        (base + "  escalation_policies:\n    - name: p\n      levels:\n        - {after: 0m, users: [carol]}\n",
         #"oncall.yml:13:31: oncall.escalation_policies[0].levels[0].users[0]: undefined user "carol" in escalation policy "p" level 1"#),
        (base + "  escalation_policies:\n    - name: p\n      levels:\n        - {after: 0m, schedules: [secondary]}\n",
         #"oncall.yml:13:35: oncall.escalation_policies[0].levels[0].schedules[0]: undefined schedule "secondary" in escalation policy "p" level 1"#),
        ("oncall:\n  users: [{id: alice}]\n  schedules:\n    - name: s\n      time_zone: UTC\n      layers:\n        - {rotation: daily, start: 2026-01-05, members: []}\n",
         #"oncall.yml:7:22: oncall.schedules[0].layers[0].rotation: rotation "layer 1" in schedule "s" has no members"#),
        ("oncall:\n  users: [{id: alice}]\n  schedules:\n    - name: s\n      time_zone: Europe/Berln\n      layers: []\n",
         #"oncall.yml:5:18: oncall.schedules[0].time_zone: unknown time zone "Europe/Berln""#),
        ("oncall:\n  users: [{id: alice}]\n  schedules:\n    - name: s\n      time_zone: UTC\n      layers:\n        - {rotation: daily, start: 2026-01-05, members: [alice, zed]}\n",
         #"oncall.yml:7:65: oncall.schedules[0].layers[0].members[1]: undefined user "zed" in schedule "s" layer "layer 1""#),
        (base + "      overrides:\n        - {user: alice, start: 2026-03-28 09:00, end: 2026-03-29 09:00}\n        - {user: bob, start: 2026-03-29 08:00, end: 2026-03-30 09:00}\n",
         #"oncall.yml:12:30: oncall.schedules[0].overrides[1].start: override overlaps override 1 (2026-03-28 09:00 to 2026-03-29 09:00) in schedule "primary""#),
        (base + "  severity_policies:\n    - {severity: critical, respond_within: 15m, escalation_policy: nope}\n",
         #"oncall.yml:11:68: oncall.severity_policies[0].escalation_policy: undefined escalation policy "nope" in severity policy "critical""#),
        (base + "  severity_policies:\n    - {severity: critical, respond_within: 15 min}\n",
         #"oncall.yml:11:44: oncall.severity_policies[0].respond_within: unknown unit " " in duration "15 min""#),
        (base + "  severity_policies:\n    - {severity: critical, respond_within: 15m, pages: true}\n",
         "oncall.yml:11:49: oncall.severity_policies[0].pages: field pages not found in type severity policy"),
        (base + "  severity_policies:\n    - {severity: info, respond_within: 4h, business_hours: {time_zone: Mars/Base, start: \"09:00\"}}\n",
         #"oncall.yml:11:72: oncall.severity_policies[0].business_hours.time_zone: unknown time zone "Mars/Base""#),
        (base + "  incident_rules:\n    - {name: r, matchers: ['severity=~\"(\"'], severity: critical}\n",
         #"oncall.yml:11:28: oncall.incident_rules[0].matchers[0]: invalid regular expression "(" in "severity=~\"(\"""#),
        (base + "  incident_rules:\n    - {name: r, matchers: ['a=\"b\"'], severity: critical}\n",
         #"oncall.yml:11:48: oncall.incident_rules[0].severity: undefined severity "critical" in incident rule "r""#),
        ("oncall:\n  users: [{id: a}, {id: a}]\n",
         #"oncall.yml:2:25: oncall.users[1].id: user "a" is defined more than once"#),
        (base + "  escalation_policies:\n    - name: p\n      levels:\n        - {after: 15m, users: [alice]}\n        - {after: 5m, users: [bob]}\n",
         "oncall.yml:14:19: oncall.escalation_policies[0].levels[1].after: levels must be in order of after: 5m is before the previous level's 15m"),
        ("oncall:\n  root_cause_categories: []\n",
         "oncall.yml:2:3: oncall.root_cause_categories: root_cause_categories must name at least one category"),
        ("oncall:\n  users: [{id: a}]\n  schedules:\n    - name: s\n      time_zone: UTC\n      layers:\n        - {rotation: fortnightly, start: 2026-01-05, members: [a]}\n",
         #"oncall.yml:7:22: oncall.schedules[0].layers[0].rotation: unknown rotation "fortnightly", expected daily, weekly or custom"#),
    ])
    func rejects(yaml: String, message: String) {
        #expect(errors(yaml) == [message])
    }

    @Test func collectsEveryCrossReferenceError() {
        let found = errors(Self.base + """
              overrides:
                - {user: mallory, start: 2026-03-28 09:00, end: 2026-03-29 09:00}
          escalation_policies:
            - name: p
              levels:
                - {after: 0m, users: [carol], schedules: [nope]}
          follow_ups:
            - {task: Post-mortem, due: 24h, severities: [SEV9]}

        """)
        #expect(found == [
            #"oncall.yml:11:18: oncall.schedules[0].overrides[0].user: undefined user "mallory" in schedule "primary" override"#,
            #"oncall.yml:15:31: oncall.escalation_policies[0].levels[0].users[0]: undefined user "carol" in escalation policy "p" level 1"#,
            #"oncall.yml:15:51: oncall.escalation_policies[0].levels[0].schedules[0]: undefined schedule "nope" in escalation policy "p" level 1"#,
            #"oncall.yml:17:50: oncall.follow_ups[0].severities[0]: undefined severity "SEV9" in follow-up"#,
        ])
    }

    @Test func checksReceiversWhenTheyAreKnown() throws {
        let yaml = Self.base + "  severity_policies:\n    - {severity: critical, respond_within: 15m, notify: [slack, pager]}\n"
        #expect(errors(yaml, receivers: ["slack"]) == [
            #"oncall.yml:11:65: oncall.severity_policies[0].notify[1]: undefined receiver "pager" in severity policy "critical""#,
        ])
        #expect(try parse(yaml).severityPolicies[0].notify == ["slack", "pager"])
    }

    @Test func defaultsRootCauseCategoriesToSeed002s() throws {
        let config = try parse("oncall:\n  users: [{id: a}]\n")
        #expect(config.rootCauseCategories == ["Misconfig", "Legit Load", "External Dependency", "Unknown"])
    }

    @Test func readsOverrideTimesInTheScheduleZone() throws {
        let config = try parse(Self.base + """
              overrides:
                - {user: bob, start: 2026-03-28 09:00, end: 2026-03-29T09:00:00Z}

        """)
        let override = try #require(config.schedules.first?.overrides.first)
        #expect(override.start == at("2026-03-28 08:00"))  // CET is UTC+1 before the change
        #expect(override.end == at("2026-03-29 09:00"))
    }
}
