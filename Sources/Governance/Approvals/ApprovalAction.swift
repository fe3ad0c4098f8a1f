/// What an approval request asks to do (the O3 approvals of the operator runbook).
public enum ApprovalAction: String, Sendable, Hashable, CaseIterable, Codable {
    case caseResolution = "case.resolve"
    case baselineUpdate = "baseline.update"
    case quarantineRelease = "quarantine.release"
    case rerun = "rerun"
    case policyChange = "policy.change"
    case killSwitch = "notifications.killSwitch"
}
