import Alerting

/// An integration the factory cannot build from its config (an unsupported option, a bad
/// smarthost). Raised when the config is loaded, before any notification is sent.
public struct IntegrationBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    public var integration: IntegrationID
    public var message: String

    init(_ integration: IntegrationID, _ message: String) {
        self.integration = integration
        self.message = message
    }

    public var description: String { "\(integration): \(message)" }
}
